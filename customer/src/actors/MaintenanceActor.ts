// A singleton actor (id `audit-retention`) whose daily reminder prunes audit entries older than the
// retention period: one actor, so one pruning at a time however many replicas run; a reminder, so it
// survives restarts. Deletes in batches so no statement holds locks for long.
import { AbstractActor } from '@dapr/dapr';
import { asResult, daprDuration, readActorState, type Result } from '@idp/common';
import { auditEntriesPruned } from '../metrics.js';
import { maintenanceDeps } from './maintenance-deps.js';

export const MAINTENANCE_ACTOR = 'MaintenanceActor';
export const AUDIT_RETENTION_ID = 'audit-retention';
const REMINDER = 'prune';
const SCHEDULE = 'schedule';
const LAST_RUN = 'lastRun';
const BATCH = 5000;

export interface PruneRun {
  at: string;
  cutoff: string;
  deleted: number;
}

export class MaintenanceActor extends AbstractActor {
  async ensureSchedule({ everyMs }: { everyMs: number }): Promise<Result<void>> {
    return asResult(async () => {
      const { dapr } = maintenanceDeps();
      const id = this.getActorId().getId();
      const state = this.getStateManager<{ everyMs: number }>();
      const known = await readActorState<{ everyMs: number }>(state, SCHEDULE);
      if (known?.everyMs === everyMs && (await dapr.hasReminder(MAINTENANCE_ACTOR, id, REMINDER))) return;
      await dapr.registerReminder(MAINTENANCE_ACTOR, id, REMINDER, { dueTime: daprDuration(everyMs), period: daprDuration(everyMs), data: { kind: 'prune' } });
      await state.setState(SCHEDULE, { everyMs });
      await state.saveState();
    });
  }

  async lastRun(): Promise<Result<PruneRun | null>> {
    return asResult(async () => (await readActorState<PruneRun>(this.getStateManager<PruneRun>(), LAST_RUN)) ?? null);
  }

  override async receiveReminder(): Promise<void> {
    const { pool, retentionDays, logger } = maintenanceDeps();
    try {
      const cutoff = new Date(Date.now() - retentionDays * 86_400_000).toISOString();
      let deleted = 0;
      for (;;) {
        const result = await pool.query('DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE occurred_at < $1 LIMIT $2)', [cutoff, BATCH]);
        deleted += result.rowCount ?? 0;
        if ((result.rowCount ?? 0) < BATCH) break;
      }
      auditEntriesPruned.inc(deleted);
      const state = this.getStateManager<PruneRun>();
      await state.setState(LAST_RUN, { at: new Date().toISOString(), cutoff, deleted });
      await state.saveState();
      if (deleted) logger.info('audit log pruned', { cutoff, deleted });
    } catch (error) {
      // The next period tries again; nothing was half-done (each batch is its own statement).
      logger.warn('audit log pruning failed', { error: String(error) });
    }
  }
}
