// A password change replaces the hash; the event says only that it happened (for a "your password
// was changed" notice), never anything about the password.
import type { PasswordReset } from '@idp/common';
import type { CustomerPasswordChangedEvent, CustomerPasswordResetIssuedEvent } from '@idp/proto';
import type { CustomerAggregate } from './customer.js';

export function withPassword(aggregate: CustomerAggregate, passwordHash: string, keepSessionId: string | null, now: Date): { next: CustomerAggregate; event: CustomerPasswordChangedEvent } {
  const at = now.toISOString();
  // A new password ends any pending reset: a token issued before it opens nothing.
  const { passwordReset: _ended, ...rest } = aggregate;
  const next: CustomerAggregate = { ...rest, version: aggregate.version + 1, credentials: { passwordHash, passwordChangedAt: at } };
  return { next, event: { customerId: aggregate.customer.id, keepSessionId, changedAt: at, occurredAt: at } };
}

/** The same password at today's hash cost: nothing a reader or subscriber sees changes (no version,
 * no event, the change time kept), so it is written without an event. */
export function withRehashedPassword(aggregate: CustomerAggregate, passwordHash: string): CustomerAggregate {
  return { ...aggregate, credentials: { ...aggregate.credentials, passwordHash } };
}

/** Staff issued a reset token; only its hash is kept, and a newer one replaces it. */
export function withPasswordReset(aggregate: CustomerAggregate, tokenHash: string, ttlMs: number, issuedBy: string, now: Date): { next: CustomerAggregate; event: CustomerPasswordResetIssuedEvent } {
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  const passwordReset: PasswordReset = { tokenHash, expiresAt, issuedBy };
  return {
    next: { ...aggregate, version: aggregate.version + 1, passwordReset },
    event: { customerId: aggregate.customer.id, expiresAt, occurredAt: now.toISOString() },
  };
}
