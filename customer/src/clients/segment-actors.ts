// Typed proxies for the segment and maintenance actors, over the sidecar's actor API.
import type { DaprClient, Result } from '@idp/common';
import { SEGMENT_ACTOR, type RunRequest, type RunStatus } from '../actors/SegmentActor.interface.js';

export class SegmentActors {
  constructor(private readonly dapr: DaprClient) {}

  requestRun(segmentId: string, request: RunRequest): Promise<Result<RunStatus>> {
    return this.dapr.invokeActor(SEGMENT_ACTOR, segmentId, 'requestRun', request);
  }

  status(segmentId: string): Promise<Result<RunStatus>> {
    return this.dapr.invokeActor(SEGMENT_ACTOR, segmentId, 'status');
  }

  ensureSchedule(segmentId: string, everyMs: number): Promise<Result<void>> {
    return this.dapr.invokeActor(SEGMENT_ACTOR, segmentId, 'ensureSchedule', { everyMs });
  }
}
