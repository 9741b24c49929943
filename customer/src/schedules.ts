// At start: every live segment has its evaluation reminder, deleted segments finish releasing their
// members, and the maintenance actor has its pruning reminder. Reminders live in the scheduler, so
// this only fills gaps (a new deployment, a scheduler that lost its state); each call is idempotent.
import { setTimeout as sleep } from 'node:timers/promises';
import { unwrap, type DaprClient, type Logger } from '@idp/common';
import type { SegmentActors } from './clients/segment-actors.js';
import type { SegmentCatalog } from './directory/segments.js';

export interface ScheduleDeps {
  catalog: SegmentCatalog;
  segments: SegmentActors;
  dapr: DaprClient;
  logger: Logger;
  segmentEveryMs: number;
  maintenance: { actorType: string; id: string; everyMs: number };
}

/** The sidecar's actor runtime answers a little after the app starts (placement): retry until it does. */
async function untilDone(logger: Logger, what: string, work: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await work();
      return;
    } catch (error) {
      if (attempt % 10 === 1) logger.warn(`${what} not done yet; retrying`, { attempt, error: String(error) });
      await sleep(Math.min(30_000, 1_000 * attempt));
    }
  }
}

export async function ensureSchedules(deps: ScheduleDeps): Promise<void> {
  const { catalog, segments, dapr, logger, maintenance } = deps;
  await untilDone(logger, 'maintenance schedule', async () => {
    unwrap(await dapr.invokeActor(maintenance.actorType, maintenance.id, 'ensureSchedule', { everyMs: maintenance.everyMs }));
  });
  await untilDone(logger, 'segment schedules', async () => {
    for (const { id, evaluationIntervalSeconds } of await catalog.schedules()) {
      unwrap(await segments.ensureSchedule(id, evaluationIntervalSeconds ? evaluationIntervalSeconds * 1000 : deps.segmentEveryMs));
    }
    for (const id of await catalog.deletedIds()) {
      unwrap(await segments.requestRun(id, { kind: 'teardown', trigger: 'deletion', requestedBy: 'system' }));
    }
  });
  logger.info('schedules in place');
}
