// The customer status machine: every allowed transition in one table. Status changes only through
// the explicit endpoints (activate, deactivate, suspend) and, for deletion, soft delete and erasure.
import { decideStatusTransition, type StatusAction, type StatusRules, type TransitionDecision } from '@idp/common';
import type { CustomerStatus } from '@idp/proto';

export { STATUS_ACTIONS, revokeReasonFor, type StatusAction } from '@idp/common';

/** `pending_deletion` and `deleted` leave only through the erasure endpoints (cancel) or not at all. */
export const CUSTOMER_STATUS_RULES: StatusRules<CustomerStatus> = {
  target: { activate: 'active', deactivate: 'inactive', suspend: 'suspended' },
  allowedFrom: {
    activate: ['inactive', 'suspended'],
    deactivate: ['active', 'suspended'],
    suspend: ['active', 'inactive'],
  },
};

export const decideTransition = (current: CustomerStatus, action: StatusAction): TransitionDecision<CustomerStatus> =>
  decideStatusTransition(CUSTOMER_STATUS_RULES, current, action);

/** Soft delete is allowed from every status but `deleted` (already gone) and `pending_deletion`
 * (an erasure is scheduled: cancel it first, or let it run). */
export const canSoftDelete = (current: CustomerStatus): boolean => current !== 'deleted' && current !== 'pending_deletion';
