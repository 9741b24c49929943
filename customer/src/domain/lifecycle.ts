// Status changes and soft delete applied to the aggregate, with the events they produce. The
// allowed transitions are in status.ts; this file only builds the next document and its event.
import type { CustomerDeletedEvent, CustomerStatus, CustomerStatusChangedEvent } from '@idp/proto';
import type { CustomerAggregate } from './customer.js';

export function withStatus(aggregate: CustomerAggregate, to: CustomerStatus, now: Date): { next: CustomerAggregate; event: CustomerStatusChangedEvent } {
  const at = now.toISOString();
  const next: CustomerAggregate = { ...aggregate, version: aggregate.version + 1, customer: { ...aggregate.customer, status: to, updatedAt: at } };
  return {
    next,
    event: {
      customerId: aggregate.customer.id,
      previousStatus: aggregate.customer.status,
      status: to,
      customerType: aggregate.customer.customerType,
      changedAt: at,
      occurredAt: at,
    },
  };
}

/** Customer, profile and preferences are marked deleted together: one document, one upsert. */
export function softDeleted(aggregate: CustomerAggregate, now: Date): { next: CustomerAggregate; event: CustomerDeletedEvent } {
  const at = now.toISOString();
  // Pending verification codes go with the account: nobody may confirm them any more.
  const { verification: _codes, ...rest } = aggregate;
  const next: CustomerAggregate = {
    ...rest,
    version: aggregate.version + 1,
    customer: { ...aggregate.customer, status: 'deleted', updatedAt: at, deletedAt: at, statusBeforeDeletion: aggregate.customer.status },
    profile: { ...aggregate.profile, deletedAt: at },
    preferences: { ...aggregate.preferences, deletedAt: at },
  };
  return { next, event: { customerId: aggregate.customer.id, reason: 'soft_delete', deletedAt: at, occurredAt: at } };
}
