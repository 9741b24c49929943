import { expect } from 'chai';
import { schemaErrors } from '@idp/common';
import { eventSchemaId } from '@idp/proto';
import { newCustomerAggregate, type CustomerAggregate } from '../../src/domain/customer.js';
import { softDeleted } from '../../src/domain/lifecycle.js';
import { decideConfirm, decideRequest, hashCode, newCode, withoutExpiredCodes, withVerificationRequest, withVerified } from '../../src/domain/verification.js';

const policy = { codeTtlMs: 600_000, resendCooldownMs: 60_000, maxAttempts: 5, budget: { windowMs: 3_600_000, maxSends: 5, maxWrongCodes: 10 } };
const t0 = new Date('2026-03-01T12:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);
const base = newCustomerAggregate({ id: '0b7f6a52-8f3e-4a8e-9d7e-2f1e6c1d2a10', email: 'ada@example.com', passwordHash: 'h', firstName: 'Ada', lastName: 'L', phone: '+14155550123' }, t0);
const issued = { code: '042137', salt: 'aa'.repeat(16), codeId: 'c0ffee00c0ffee00' };

function requested(aggregate: CustomerAggregate = base, channel: 'email' | 'phone' = 'email', at = t0) {
  const decision = decideRequest(aggregate, channel, policy, at);
  if (decision.kind !== 'issue') throw new Error(`expected issue, got ${decision.kind}`);
  return withVerificationRequest(aggregate, channel, decision.destination, issued, policy, at);
}

describe('verification codes', () => {
  it('when a code is generated, then it is six digits with its own salt and id', () => {
    const codes = Array.from({ length: 200 }, () => newCode());
    for (const { code, salt, codeId } of codes) {
      expect(code).to.match(/^\d{6}$/);
      expect(salt).to.match(/^[0-9a-f]{32}$/);
      expect(codeId).to.match(/^[0-9a-f]{16}$/);
    }
    expect(new Set(codes.map((c) => c.salt)).size).to.equal(200);
  });

  it('when a code is requested, then only its salted hash is stored, the broadcast event never holds the code, and the code message for the notification service does', () => {
    const { next, event, code, pending } = requested();
    expect(JSON.stringify(next)).not.to.include(issued.code);
    expect(pending.codeHash).to.equal(hashCode(issued.salt, issued.code));
    expect(pending).to.include({ destination: 'ada@example.com', requestedAt: t0.toISOString(), expiresAt: later(600_000).toISOString() });
    expect(next.version).to.equal(base.version + 1);
    expect(event).to.include({ channel: 'email', destination: 'ada@example.com', codeId: issued.codeId });
    expect(JSON.stringify(event)).not.to.include(issued.code);
    expect(schemaErrors(eventSchemaId('customer.verification.requested'), event)).to.deep.equal([]);
    expect(code).to.include({ channel: 'email', destination: 'ada@example.com', code: issued.code, codeId: issued.codeId, expiresAt: pending.expiresAt });
    expect(schemaErrors(eventSchemaId('customer.verification.code'), code)).to.deep.equal([]);
  });

  it('when a code is asked again within the cooldown, then it is refused with the wait; after it, a new code replaces the old one', () => {
    const { next } = requested();
    expect(decideRequest(next, 'email', policy, later(20_000))).to.deep.equal({ kind: 'cooldown', retryAfterMs: 40_000 });
    expect(decideRequest(next, 'email', policy, later(60_000))).to.deep.equal({ kind: 'issue', destination: 'ada@example.com' });
    const again = withVerificationRequest(next, 'email', 'ada@example.com', { ...issued, codeId: 'beef' }, policy, later(60_000));
    expect(again.next.verification?.email?.codeId).to.equal('beef');
  });

  it('when the channel is already verified or there is no phone, then no code is issued', () => {
    expect(decideRequest({ ...base, customer: { ...base.customer, emailVerified: true } }, 'email', policy, t0).kind).to.equal('already_verified');
    expect(decideRequest({ ...base, profile: { ...base.profile, phone: null } }, 'phone', policy, t0).kind).to.equal('no_destination');
    expect(decideRequest(base, 'phone', policy, t0)).to.deep.equal({ kind: 'issue', destination: '+14155550123' });
  });

  it('when a pending code was for an earlier destination, then the cooldown does not hold back a code for the new one', () => {
    const { next } = requested(base, 'phone');
    const moved = { ...next, profile: { ...next.profile, phone: '+14155550999' } };
    expect(decideRequest(moved, 'phone', policy, later(1000))).to.deep.equal({ kind: 'issue', destination: '+14155550999' });
  });

  it('when a code is confirmed, then right is verified, wrong counts down, expired and exhausted are refused', () => {
    const { pending } = requested();
    expect(decideConfirm(undefined, issued.code, 0, policy, t0)).to.deep.equal({ kind: 'not_requested' });
    expect(decideConfirm(pending, issued.code, 0, policy, later(1000))).to.deep.equal({ kind: 'verified' });
    expect(decideConfirm(pending, '000000', 0, policy, later(1000))).to.deep.equal({ kind: 'wrong', attemptsLeft: 4 });
    expect(decideConfirm(pending, '000000', 4, policy, later(1000))).to.deep.equal({ kind: 'wrong', attemptsLeft: 0 });
    expect(decideConfirm(pending, issued.code, 5, policy, later(1000))).to.deep.equal({ kind: 'exhausted' });
    expect(decideConfirm(pending, issued.code, 0, policy, later(600_000))).to.deep.equal({ kind: 'expired' });
  });

  it('when verified, then the flag is set at the root, the pending code is gone and customer.verified matches its schema', () => {
    const { next } = requested(base, 'phone');
    const { next: verified, event } = withVerified(next, 'phone', later(5000));
    expect(verified.customer.phoneVerified).to.equal(true);
    expect(verified.customer.emailVerified).to.equal(false);
    expect(verified.verification?.phone).to.equal(undefined);
    expect(event).to.deep.equal({ customerId: base.customer.id, channel: 'phone', destination: '+14155550123', verifiedAt: later(5000).toISOString(), occurredAt: later(5000).toISOString() });
    expect(schemaErrors(eventSchemaId('customer.verified'), event)).to.deep.equal([]);
  });

  it('when codes expire unused, then clean-up removes only the expired ones, tells when the next expires, and the event carries no code', () => {
    const { next: withEmail } = requested(base, 'email', t0);
    const { next: both } = requested(withEmail, 'phone', later(300_000));
    expect(withoutExpiredCodes(both, later(1000))).to.deep.equal({ kind: 'none', nextExpiryAt: later(600_000).toISOString() });
    const decision = withoutExpiredCodes(both, later(600_000));
    if (decision.kind !== 'expired') throw new Error('expected expiry');
    expect(Object.keys(decision.next.verification ?? {})).to.deep.equal(['phone']);
    expect(decision.next.version).to.equal(both.version + 1);
    expect(decision.nextExpiryAt).to.equal(later(900_000).toISOString());
    expect(decision.event).to.deep.equal({ customerId: base.customer.id, channels: ['email'], occurredAt: later(600_000).toISOString() });
    expect(schemaErrors(eventSchemaId('customer.verification.expired'), decision.event)).to.deep.equal([]);
    expect(JSON.stringify(decision.event)).not.to.include(issued.code);
  });

  it('when a customer with a pending code is soft-deleted, then the code goes with the account', () => {
    const { next } = requested(base, 'email');
    expect(softDeleted(next, later(1000)).next.verification).to.equal(undefined);
  });
});
