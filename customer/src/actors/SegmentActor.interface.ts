import type { Result } from '@idp/common';
import type { FinishedRun, RunKind, RunTrigger, SegmentRun } from '../domain/segment-run.js';

export const SEGMENT_ACTOR = 'SegmentActor';
/** Actor state key of the run in progress; readers outside the actor read it without a turn. */
export const SEGMENT_RUN_STATE = 'run';

export interface RunRequest {
  kind: RunKind;
  trigger: RunTrigger;
  requestedBy: string;
}

export interface RunStatus {
  segmentId: string;
  /** The run in progress (null: none). */
  current: SegmentRun | null;
  /** true: an evaluation was already running; another one follows it. */
  queued: boolean;
}

/** One actor per segment: its turns serialize the segment's runs, so two never overlap. */
export interface SegmentActorApi {
  requestRun(request: RunRequest): Promise<Result<RunStatus>>;
  /** Makes sure the periodic evaluation reminder exists with this period. */
  ensureSchedule(input: { everyMs: number }): Promise<Result<void>>;
}

export type { FinishedRun };
