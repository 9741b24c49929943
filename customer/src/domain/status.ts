// The customer status machine: every allowed transition in one table. Status changes only through
// the explicit endpoints (activate, deactivate, suspend) and, for deletion, soft delete and erasure.
import type { CustomerStatus, RevokeReason } from '@idp/proto';

export const STATUS_ACTIONS = ['activate', 'deactivate', 'suspend'] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

export const TARGET_STATUS: Record<StatusAction, CustomerStatus> = {
  activate: 'active',
  deactivate: 'inactive',
  suspend: 'suspended',
};

/** From which statuses each action may start. `pending_deletion` and `deleted` leave only through
 * the erasure endpoints (cancel) or not at all. */
export const ALLOWED_FROM: Record<StatusAction, readonly CustomerStatus[]> = {
  activate: ['inactive', 'suspended'],
  deactivate: ['active', 'suspended'],
  suspend: ['active', 'inactive'],
};

export type TransitionDecision =
  | { kind: 'change'; from: CustomerStatus; to: CustomerStatus }
  /** Already in the target status: nothing to write, no event (retries are harmless). */
  | { kind: 'unchanged'; status: CustomerStatus }
  | { kind: 'invalid'; current: CustomerStatus };

export function decideTransition(current: CustomerStatus, action: StatusAction): TransitionDecision {
  const to = TARGET_STATUS[action];
  if (current === to) return { kind: 'unchanged', status: current };
  return ALLOWED_FROM[action].includes(current) ? { kind: 'change', from: current, to } : { kind: 'invalid', current };
}

/** Soft delete is allowed from every status but `deleted` (already gone) and `pending_deletion`
 * (an erasure is scheduled: cancel it first, or let it run). */
export const canSoftDelete = (current: CustomerStatus): boolean => current !== 'deleted' && current !== 'pending_deletion';

/** Which statuses end the customer's sessions, and with what reason. */
export function revokeReasonFor(status: CustomerStatus): RevokeReason | null {
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
