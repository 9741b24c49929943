// Email and phone verification codes: 6 digits, stored only as a salted hash, one active code per
// channel, an expiry, a resend cooldown and an attempt budget. Pure: the caller supplies time,
// randomness and the attempt count (kept in actor state: failed attempts need no event).
import { createHash, randomInt, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CustomerVerificationCodeEvent, CustomerVerificationExpiredEvent, CustomerVerificationRequestedEvent, CustomerVerifiedEvent, VerificationChannel } from '@idp/proto';
import type { CustomerAggregate } from './customer.js';
import type { VerificationBudgetPolicy } from './verification-budget.js';

export interface VerificationPolicy {
  codeTtlMs: number;
  resendCooldownMs: number;
  maxAttempts: number;
  /** Per customer and channel over a rolling window, whatever the destination. */
  budget: VerificationBudgetPolicy;
}

export interface PendingVerification {
  codeId: string;
  salt: string;
  codeHash: string;
  destination: string;
  requestedAt: string;
  expiresAt: string;
}

export const hashCode = (salt: string, code: string): string => createHash('sha256').update(`${salt}:${code}`).digest('hex');

export function newCode(): { code: string; salt: string; codeId: string } {
  return { code: String(randomInt(0, 1_000_000)).padStart(6, '0'), salt: randomBytes(16).toString('hex'), codeId: randomBytes(8).toString('hex') };
}

export type RequestDecision =
  | { kind: 'issue'; destination: string }
  | { kind: 'already_verified' }
  | { kind: 'no_destination' }
  | { kind: 'cooldown'; retryAfterMs: number };

export function decideRequest(aggregate: CustomerAggregate, channel: VerificationChannel, policy: VerificationPolicy, now: Date): RequestDecision {
  const { customer, profile } = aggregate;
  if (channel === 'email' ? customer.emailVerified : customer.phoneVerified) return { kind: 'already_verified' };
  const destination = channel === 'email' ? customer.email : profile.phone;
  if (!destination) return { kind: 'no_destination' };
  const pending = aggregate.verification?.[channel];
  if (pending && pending.destination === destination) {
    const wait = Date.parse(pending.requestedAt) + policy.resendCooldownMs - now.getTime();
    if (wait > 0) return { kind: 'cooldown', retryAfterMs: wait };
  }
  return { kind: 'issue', destination };
}

/** The document with the new code's hash (replacing any earlier code) and the event carrying the
 * code to the notification service: the code exists in clear only in that event. */
export function withVerificationRequest(
  aggregate: CustomerAggregate,
  channel: VerificationChannel,
  destination: string,
  issued: { code: string; salt: string; codeId: string },
  policy: VerificationPolicy,
  now: Date,
): { next: CustomerAggregate; event: CustomerVerificationRequestedEvent; code: CustomerVerificationCodeEvent; pending: PendingVerification } {
  const at = now.toISOString();
  const pending: PendingVerification = {
    codeId: issued.codeId,
    salt: issued.salt,
    codeHash: hashCode(issued.salt, issued.code),
    destination,
    requestedAt: at,
    expiresAt: new Date(now.getTime() + policy.codeTtlMs).toISOString(),
  };
  const next: CustomerAggregate = { ...aggregate, version: aggregate.version + 1, verification: { ...aggregate.verification, [channel]: pending } };
  return {
    next,
    pending,
    event: { customerId: aggregate.customer.id, channel, destination, codeId: issued.codeId, expiresAt: pending.expiresAt, requestedAt: at, occurredAt: at },
    code: { customerId: aggregate.customer.id, channel, destination, code: issued.code, codeId: issued.codeId, expiresAt: pending.expiresAt, occurredAt: at },
  };
}

export type ConfirmDecision =
  | { kind: 'verified' }
  | { kind: 'not_requested' }
  | { kind: 'expired' }
  | { kind: 'exhausted' }
  | { kind: 'wrong'; attemptsLeft: number };

export function decideConfirm(pending: PendingVerification | undefined, code: string, attemptsUsed: number, policy: VerificationPolicy, now: Date): ConfirmDecision {
  if (!pending) return { kind: 'not_requested' };
  if (now.getTime() >= Date.parse(pending.expiresAt)) return { kind: 'expired' };
  if (attemptsUsed >= policy.maxAttempts) return { kind: 'exhausted' };
  const given = Buffer.from(hashCode(pending.salt, code), 'hex');
  if (timingSafeEqual(given, Buffer.from(pending.codeHash, 'hex'))) return { kind: 'verified' };
  return { kind: 'wrong', attemptsLeft: Math.max(0, policy.maxAttempts - attemptsUsed - 1) };
}

export function withVerified(aggregate: CustomerAggregate, channel: VerificationChannel, now: Date): { next: CustomerAggregate; event: CustomerVerifiedEvent } {
  const at = now.toISOString();
  const { [channel]: _done, ...rest } = aggregate.verification ?? {};
  const destination = aggregate.verification?.[channel]?.destination ?? '';
  const next: CustomerAggregate = {
    ...aggregate,
    version: aggregate.version + 1,
    customer: { ...aggregate.customer, ...(channel === 'email' ? { emailVerified: true } : { phoneVerified: true }), updatedAt: at },
    verification: rest,
  };
  return { next, event: { customerId: aggregate.customer.id, channel, destination, verifiedAt: at, occurredAt: at } };
}

export type ExpiryDecision =
  | { kind: 'expired'; next: CustomerAggregate; event: CustomerVerificationExpiredEvent; nextExpiryAt: string | null }
  | { kind: 'none'; nextExpiryAt: string | null };

/** Removes the codes past their expiry (clean-up, so no dead hash stays in the document); tells when
 * the next remaining code expires, for the reminder that does this. */
export function withoutExpiredCodes(aggregate: CustomerAggregate, now: Date): ExpiryDecision {
  const pending = aggregate.verification ?? {};
  const channels = (Object.keys(pending) as VerificationChannel[]).filter((c) => now.getTime() >= Date.parse(pending[c]!.expiresAt));
  const remaining = Object.fromEntries(Object.entries(pending).filter(([c]) => !channels.includes(c as VerificationChannel))) as CustomerAggregate['verification'];
  const nextExpiryAt = Object.values(remaining ?? {}).map((p) => p.expiresAt).sort()[0] ?? null;
  if (!channels.length) return { kind: 'none', nextExpiryAt };
  const at = now.toISOString();
  return {
    kind: 'expired',
    next: { ...aggregate, version: aggregate.version + 1, verification: remaining },
    event: { customerId: aggregate.customer.id, channels: channels.sort(), occurredAt: at },
    nextExpiryAt,
  };
}
