// One segment's evaluations. A run pages through the directory (keyset over a snapshot taken at its
// start) a few pages per actor turn, keeping its cursor in actor state and continuing on a reminder,
// so runs survive restarts, never overlap (one actor, one turn at a time) and never hold the actor
// for long. Membership changes go through each customer's actor (idempotent, with their events).
import { randomUUID } from 'node:crypto';
import { AbstractActor } from '@dapr/dapr';
import { asResult, daprDuration, readActorState, type Result } from '@idp/common';
import { candidatePage } from '../directory/segments.js';
import { afterPage, afterTeardown, finished, newRun, pageActions, type MembershipAction, type RunOutcome, type SegmentRun } from '../domain/segment-run.js';
import type { Rule } from '../domain/segment-rules.js';
import { segmentCustomers, segmentRunDuration, segmentRuns } from '../metrics.js';
import { segmentDeps } from './segment-deps.js';
import { SEGMENT_ACTOR, SEGMENT_RUN_STATE, type RunRequest, type RunStatus, type SegmentActorApi } from './SegmentActor.interface.js';

const SCHEDULE = 'schedule';
const SCHEDULE_REMINDER = 'evaluation';
const CONTINUE_REMINDER = 'continue';
/** Matches nobody: what a teardown evaluates, so every member leaves. */
const NOBODY: Rule = { any: [] };

interface Schedule {
  everyMs: number;
}

export class SegmentActor extends AbstractActor implements SegmentActorApi {
  private get segmentId(): string {
    return this.getActorId().getId();
  }

  private async currentRun(): Promise<SegmentRun | undefined> {
    return readActorState<SegmentRun>(this.getStateManager<SegmentRun>(), SEGMENT_RUN_STATE);
  }

  private async saveRun(run: SegmentRun | undefined): Promise<void> {
    const state = this.getStateManager<SegmentRun>();
    if (run) await state.setState(SEGMENT_RUN_STATE, run);
    else await state.tryRemoveState(SEGMENT_RUN_STATE);
    await state.saveState();
  }

  private async continueSoon(delayMs = 0): Promise<void> {
    await segmentDeps().dapr.registerReminder(SEGMENT_ACTOR, this.segmentId, CONTINUE_REMINDER, { dueTime: daprDuration(delayMs), data: { kind: 'continue' } });
  }

  async requestRun(request: RunRequest): Promise<Result<RunStatus>> {
    return asResult(async () => {
      const running = await this.currentRun();
      if (running) {
        // A teardown replaces an evaluation at once (the segment is gone); a second evaluation
        // waits for the one running.
        if (request.kind === 'teardown' && running.kind === 'evaluate') return this.start(request);
        const next = { ...running, rerun: running.rerun || request.kind === 'evaluate' };
        await this.saveRun(next);
        // The run's own reminder may have been lost with a crash between two steps: renew it.
        await this.continueSoon();
        return { segmentId: this.segmentId, current: next, queued: true };
      }
      return this.start(request);
    });
  }

  private async start(request: RunRequest, idlePasses = 0): Promise<RunStatus> {
    const run = { ...newRun(randomUUID(), request.kind, request.trigger, request.requestedBy, new Date()), idlePasses };
    await this.saveRun(run);
    // A teardown waits a moment so memberships written just before the deletion reach the directory.
    await this.continueSoon(request.kind === 'teardown' ? segmentDeps().teardownDelayMs : 0);
    segmentDeps().logger.info('segment run started', { segmentId: this.segmentId, runId: run.runId, kind: run.kind, trigger: run.trigger });
    return { segmentId: this.segmentId, current: run, queued: false };
  }

  async ensureSchedule({ everyMs }: { everyMs: number }): Promise<Result<void>> {
    return asResult(async () => {
      const { dapr } = segmentDeps();
      const state = this.getStateManager<Schedule>();
      const known = await readActorState<Schedule>(state, SCHEDULE);
      if (known?.everyMs === everyMs && (await dapr.hasReminder(SEGMENT_ACTOR, this.segmentId, SCHEDULE_REMINDER))) return;
      // First run somewhere in the first period: segments created together do not all run at once.
      const dueTime = daprDuration(Math.floor(Math.random() * everyMs));
      await dapr.registerReminder(SEGMENT_ACTOR, this.segmentId, SCHEDULE_REMINDER, { dueTime, period: daprDuration(everyMs), data: { kind: 'evaluate' } });
      await state.setState(SCHEDULE, { everyMs });
      await state.saveState();
    });
  }

  override async receiveReminder(data: unknown): Promise<void> {
    const { kind } = (data ?? {}) as { kind?: string };
    const { logger } = segmentDeps();
    // The SDK does not catch a throwing reminder handler (the process would crash): catch here.
    try {
      if (kind === 'evaluate') await this.requestRun({ kind: 'evaluate', trigger: 'schedule', requestedBy: 'system' });
      if (kind === 'continue') await this.step();
    } catch (error) {
      logger.warn('segment reminder failed; the run continues on the next reminder', { segmentId: this.segmentId, kind, error: String(error) });
      if (kind === 'continue') await this.continueSoon(segmentDeps().retryDelayMs).catch(() => undefined);
    }
  }

  /** Pages until the turn's time budget is spent, then hands over to the next reminder. */
  private async step(): Promise<void> {
    const deps = segmentDeps();
    let run = await this.currentRun();
    if (!run) return;
    const deadline = Date.now() + deps.turnBudgetMs;
    for (;;) {
      const segment = await deps.catalog.find(this.segmentId);
      // Deleted (or gone) mid-run: the evaluation stops here; the deletion's teardown follows.
      if (run.kind === 'evaluate' && !segment) return this.finish(run, 'cancelled');
      const rows = await candidatePage(deps.pool, { segmentId: this.segmentId, membersOnly: run.kind === 'teardown', snapshotAt: run.snapshotAt, after: run.cursor, limit: deps.pageSize });
      const now = new Date();
      const actions = pageActions(this.segmentId, run.kind, segment?.rules ?? NOBODY, rows, now);
      const outcome = await this.apply(actions, run);
      const last = rows[rows.length - 1];
      run = afterPage(run, { rows: rows.length, lastRow: last ? { createdAt: last.createdAt, id: last.id } : null, ...outcome });
      segmentCustomers.inc({ result: 'evaluated' }, rows.length);
      if (rows.length < deps.pageSize) return this.finish(run, 'completed');
      if (Date.now() >= deadline) {
        await this.saveRun(run);
        await this.continueSoon();
        return;
      }
    }
  }

  /** Each change is its customer's own write and event; a few customers at a time. */
  private async apply(actions: MembershipAction[], run: SegmentRun): Promise<{ assigned: number; removed: number; failed: number }> {
    const { actors, concurrency, logger } = segmentDeps();
    const counts = { assigned: 0, removed: 0, failed: 0 };
    const request = {
      segmentIds: [this.segmentId],
      reason: run.kind === 'teardown' ? ('segment_deleted' as const) : ('evaluation' as const),
      runId: run.runId,
      performedBy: { kind: 'system' as const, id: `segment:${this.segmentId}` },
    };
    let next = 0;
    const worker = async () => {
      while (next < actions.length) {
        const action = actions[next++]!;
        try {
          const result = action.action === 'assign' ? await actors.joinSegments(action.customerId, request) : await actors.leaveSegments(action.customerId, request);
          if (!result.ok) {
            // The customer went away since the directory saw it: nothing to change.
            if (result.error.kind === 'not_found') continue;
            throw new Error(result.error.code);
          }
          if (result.value.changed) counts[action.action === 'assign' ? 'assigned' : 'removed'] += 1;
        } catch (error) {
          counts.failed += 1;
          logger.warn('segment membership change failed; the next run tries again', { segmentId: this.segmentId, customerId: action.customerId, error: String(error) });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, actions.length) }, worker));
    segmentCustomers.inc({ result: 'assigned' }, counts.assigned);
    segmentCustomers.inc({ result: 'removed' }, counts.removed);
    segmentCustomers.inc({ result: 'failed' }, counts.failed);
    return counts;
  }

  private async finish(run: SegmentRun, outcome: RunOutcome): Promise<void> {
    const { catalog, logger, dapr } = segmentDeps();
    const done = finished(run, outcome, new Date());
    segmentRuns.inc({ kind: run.kind, outcome });
    segmentRunDuration.observe({ kind: run.kind }, (Date.parse(done.finishedAt) - Date.parse(run.startedAt)) / 1000);
    logger.info('segment run finished', { segmentId: this.segmentId, ...done });
    if (run.kind === 'teardown') {
      const next = afterTeardown(run, await catalog.memberCount(this.segmentId));
      if (next.kind === 'again') {
        await this.saveRun(undefined);
        await this.start({ kind: 'teardown', trigger: 'deletion', requestedBy: run.requestedBy }, next.idlePasses);
        return;
      }
      if (next.staleListing) logger.warn('segment deleted while the directory still lists members no customer actor holds', { segmentId: this.segmentId });
      await dapr.unregisterReminder(SEGMENT_ACTOR, this.segmentId, SCHEDULE_REMINDER).catch(() => undefined);
      await catalog.purge(this.segmentId);
      await this.saveRun(undefined);
      return;
    }
    await catalog.recordRun(this.segmentId, done);
    if (run.rerun && outcome === 'completed') {
      await this.start({ kind: 'evaluate', trigger: 'request', requestedBy: run.requestedBy });
      return;
    }
    await this.saveRun(undefined);
  }
}
