// Account status machines (customers, users): the allowed transitions are data, one table per app
// in its domain/; this decides a transition from such a table. Pure.
import type { RevokeReason } from '@idp/proto';

export const STATUS_ACTIONS = ['activate', 'deactivate', 'suspend'] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

export interface StatusRules<S extends string> {
  /** Where each action leads. */
  target: Record<StatusAction, S>;
  /** From which statuses each action may start. */
  allowedFrom: Record<StatusAction, readonly S[]>;
}

export type TransitionDecision<S extends string> =
  | { kind: 'change'; from: S; to: S }
  /** Already in the target status: nothing to write, no event (retries are harmless). */
  | { kind: 'unchanged'; status: S }
  | { kind: 'invalid'; current: S };

export function decideStatusTransition<S extends string>(rules: StatusRules<S>, current: S, action: StatusAction): TransitionDecision<S> {
  const to = rules.target[action];
  if (current === to) return { kind: 'unchanged', status: current };
  return rules.allowedFrom[action].includes(current) ? { kind: 'change', from: current, to } : { kind: 'invalid', current };
}

/** Which statuses end an account's sessions, and with what reason. */
export function revokeReasonFor(status: string): RevokeReason | null {
  switch (status) {
    case 'suspended':
      return 'subject_suspended';
    case 'inactive':
      return 'subject_deactivated';
    case 'deleted':
      return 'subject_deleted';
    default:
      return null;
  }
}
