// A password change replaces the hash; the event says only that it happened (for a "your password
// was changed" notice), never anything about the password.
import type { CustomerPasswordChangedEvent } from '@idp/proto';
import type { CustomerAggregate } from './customer.js';

export function withPassword(aggregate: CustomerAggregate, passwordHash: string, keepSessionId: string | null, now: Date): { next: CustomerAggregate; event: CustomerPasswordChangedEvent } {
  const at = now.toISOString();
  const next: CustomerAggregate = { ...aggregate, version: aggregate.version + 1, credentials: { passwordHash, passwordChangedAt: at } };
  return { next, event: { customerId: aggregate.customer.id, keepSessionId, changedAt: at, occurredAt: at } };
}

/** The same password at today's hash cost: nothing a reader or subscriber sees changes (no version,
 * no event, the change time kept), so it is written without an event. */
export function withRehashedPassword(aggregate: CustomerAggregate, passwordHash: string): CustomerAggregate {
  return { ...aggregate, credentials: { ...aggregate.credentials, passwordHash } };
}
