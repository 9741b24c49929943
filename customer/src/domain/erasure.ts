// GDPR erasure with a grace period. Scheduling marks the customer pending_deletion and remembers the
// status to restore on cancel; the erasure itself keeps only what is not personal data (id, type,
// dates, group memberships) and marks the record deleted. Pure: the actor owns the reminder.
import type { CustomerDeletedEvent, CustomerErasureCancelledEvent, CustomerErasureScheduledEvent, CustomerStatus } from '@idp/proto';
import type { CustomerAggregate } from './customer.js';

export interface ErasurePlan {
  scheduledFor: string;
  requestedAt: string;
  /** Restored when the erasure is cancelled. */
  statusBefore: CustomerStatus;
}

export type ScheduleDecision =
  | { kind: 'scheduled'; next: CustomerAggregate; event: CustomerErasureScheduledEvent }
  /** Asked again while pending: the first plan stands (a retried request moves nothing). */
  | { kind: 'already_scheduled'; scheduledFor: string }
  | { kind: 'deleted' };

export function scheduleErasure(aggregate: CustomerAggregate, gracePeriodMs: number, now: Date): ScheduleDecision {
  const { customer } = aggregate;
  if (customer.status === 'deleted') return { kind: 'deleted' };
  if (customer.status === 'pending_deletion' && aggregate.erasure) return { kind: 'already_scheduled', scheduledFor: aggregate.erasure.scheduledFor };
  const at = now.toISOString();
  const plan: ErasurePlan = { scheduledFor: new Date(now.getTime() + gracePeriodMs).toISOString(), requestedAt: at, statusBefore: customer.status };
  return {
    kind: 'scheduled',
    next: { ...aggregate, version: aggregate.version + 1, erasure: plan, customer: { ...customer, status: 'pending_deletion', updatedAt: at } },
    event: { customerId: customer.id, scheduledFor: plan.scheduledFor, previousStatus: customer.status, requestedAt: at, occurredAt: at },
  };
}

export type CancelDecision = { kind: 'cancelled'; next: CustomerAggregate; event: CustomerErasureCancelledEvent } | { kind: 'not_scheduled'; status: CustomerStatus };

export function cancelErasure(aggregate: CustomerAggregate, now: Date): CancelDecision {
  const { customer, erasure } = aggregate;
  if (customer.status !== 'pending_deletion' || !erasure) return { kind: 'not_scheduled', status: customer.status };
  const at = now.toISOString();
  const { erasure: _cancelled, ...rest } = aggregate;
  return {
    kind: 'cancelled',
    next: { ...rest, version: aggregate.version + 1, customer: { ...customer, status: erasure.statusBefore, updatedAt: at } },
    event: { customerId: customer.id, restoredStatus: erasure.statusBefore, cancelledAt: at, occurredAt: at },
  };
}

/** A placeholder that is an email in form only: `.invalid` is reserved and never delivers. */
export const erasedEmail = (customerId: string): string => `erased.${customerId}@erased.invalid`;
export const ERASED_NAME = 'Erased';

export type EraseDecision = { kind: 'erase'; next: CustomerAggregate; event: CustomerDeletedEvent } | { kind: 'already_erased' } | { kind: 'not_due' };

/** Due only while pending and past the grace period: a cancel that won the race leaves nothing to do. */
export function erase(aggregate: CustomerAggregate, now: Date): EraseDecision {
  const { customer, erasure } = aggregate;
  if (customer.status === 'deleted' && customer.erasedAt) return { kind: 'already_erased' };
  if (customer.status !== 'pending_deletion' || !erasure || now.getTime() < Date.parse(erasure.scheduledFor)) return { kind: 'not_due' };
  const at = now.toISOString();
  const next: CustomerAggregate = {
    version: aggregate.version + 1,
    customer: {
      ...customer,
      email: erasedEmail(customer.id),
      status: 'deleted',
      emailVerified: false,
      phoneVerified: false,
      updatedAt: at,
      deletedAt: at,
      erasedAt: at,
      statusBeforeDeletion: erasure.statusBefore,
    },
    profile: { firstName: ERASED_NAME, lastName: ERASED_NAME, phone: null, deletedAt: at },
    preferences: { marketingEmailOptIn: false, marketingSmsOptIn: false, language: null, updatedAt: at, deletedAt: at },
    // No password can match an empty hash: the account can never sign in again.
    credentials: { passwordHash: '', passwordChangedAt: at },
    addresses: [],
    groupIds: aggregate.groupIds ?? [],
  };
  return { kind: 'erase', next, event: { customerId: customer.id, reason: 'erasure', deletedAt: at, occurredAt: at } };
}

/** When an erasure turned away by a full queue comes back: spread over a window that doubles with
 * each deferral (30 s, 1 min, 2 min, then 5 min at most), so a burst of due reminders returns in
 * waves the app can take instead of all at once again. `random` in [0, 1). */
export function deferredErasureDelayMs(deferrals: number, random: number): number {
  const windowMs = Math.min(300_000, 30_000 * 2 ** Math.min(deferrals, 4));
  return 1_000 + Math.floor(random * (windowMs - 1_000));
}
