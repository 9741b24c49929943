// The staff account status machine: every allowed transition in one table. Deletion is the DELETE
// route (soft delete), from any status but deleted.
import { decideStatusTransition, type StatusAction, type StatusRules, type TransitionDecision } from '@idp/common';
import type { UserStatus } from '@idp/proto';

export { STATUS_ACTIONS, revokeReasonFor, type StatusAction } from '@idp/common';

export const USER_STATUS_RULES: StatusRules<UserStatus> = {
  target: { activate: 'active', deactivate: 'inactive', suspend: 'suspended' },
  allowedFrom: {
    activate: ['inactive', 'suspended'],
    deactivate: ['active', 'suspended'],
    suspend: ['active', 'inactive'],
  },
};

export const decideTransition = (current: UserStatus, action: StatusAction): TransitionDecision<UserStatus> => decideStatusTransition(USER_STATUS_RULES, current, action);
