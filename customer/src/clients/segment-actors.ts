// Typed proxies for the segment and maintenance actors, over the sidecar's actor API.
import type { DaprClient, Result } from '@idp/common';
import type { SegmentRun } from '../domain/segment-run.js';
import { SEGMENT_ACTOR, SEGMENT_RUN_STATE, type RunRequest, type RunStatus } from '../actors/SegmentActor.interface.js';

export class SegmentActors {
  constructor(private readonly dapr: DaprClient) {}

  requestRun(segmentId: string, request: RunRequest): Promise<Result<RunStatus>> {
    return this.dapr.invokeActor(SEGMENT_ACTOR, segmentId, 'requestRun', request);
  }

  /** The run in progress, read from the actor's state without waiting for its turn (a run holds the
   * actor for seconds at a time). */
  async currentRun(segmentId: string): Promise<SegmentRun | null> {
    return (await this.dapr.getActorState<SegmentRun>(SEGMENT_ACTOR, segmentId, SEGMENT_RUN_STATE)) ?? null;
  }

  ensureSchedule(segmentId: string, everyMs: number): Promise<Result<void>> {
    return this.dapr.invokeActor(SEGMENT_ACTOR, segmentId, 'ensureSchedule', { everyMs });
  }
}
