import { expect } from 'chai';
import { schemaErrors } from '@idp/common';
import { eventSchemaId } from '@idp/proto';
import { newCustomerAggregate, type CustomerAggregate } from '../../src/domain/customer.js';
import { cancelErasure, deferredErasureDelayMs, erase, erasedEmail, scheduleErasure } from '../../src/domain/erasure.js';

const t0 = new Date('2026-03-01T12:00:00Z');
const grace = 30 * 86_400_000;
const base: CustomerAggregate = {
  ...newCustomerAggregate({ id: 'c-1', email: 'ada@example.com', passwordHash: 'scrypt$x', firstName: 'Ada', lastName: 'Lovelace', phone: '+14155550123' }, t0),
  addresses: [{ id: 'a', line1: '12 St James Sq' } as never],
  groupIds: ['vip'],
};
const at = (ms: number) => new Date(t0.getTime() + ms);

function scheduled(aggregate: CustomerAggregate = base): CustomerAggregate {
  const decision = scheduleErasure(aggregate, grace, t0);
  if (decision.kind !== 'scheduled') throw new Error(decision.kind);
  return decision.next;
}

describe('GDPR erasure', () => {
  it('when erasure is requested, then the customer is pending_deletion until the grace period ends; asking again keeps the first date', () => {
    const decision = scheduleErasure({ ...base, customer: { ...base.customer, status: 'suspended' } }, grace, t0);
    if (decision.kind !== 'scheduled') throw new Error(decision.kind);
    expect(decision.next.customer.status).to.equal('pending_deletion');
    expect(decision.next.erasure).to.deep.equal({ scheduledFor: at(grace).toISOString(), requestedAt: t0.toISOString(), statusBefore: 'suspended' });
    expect(schemaErrors(eventSchemaId('customer.erasure.scheduled'), decision.event)).to.deep.equal([]);
    expect(scheduleErasure(decision.next, grace, at(1000))).to.deep.equal({ kind: 'already_scheduled', scheduledFor: at(grace).toISOString() });
  });

  it('when erasure is cancelled, then the earlier status comes back; without a plan there is nothing to cancel', () => {
    const decision = cancelErasure(scheduled(), at(1000));
    if (decision.kind !== 'cancelled') throw new Error(decision.kind);
    expect(decision.next.customer.status).to.equal('active');
    expect(decision.next.erasure).to.equal(undefined);
    expect(schemaErrors(eventSchemaId('customer.erasure.cancelled'), decision.event)).to.deep.equal([]);
    expect(cancelErasure(base, t0)).to.deep.equal({ kind: 'not_scheduled', status: 'active' });
  });

  it('when erasure runs, then no personal data is left, the record is deleted and it cannot sign in', () => {
    const decision = erase(scheduled(), at(grace));
    if (decision.kind !== 'erase') throw new Error(decision.kind);
    const text = JSON.stringify(decision.next);
    for (const personal of ['ada@example.com', 'Ada', 'Lovelace', '+14155550123', 'St James', 'scrypt']) expect(text).not.to.include(personal);
    expect(decision.next.customer).to.include({ email: erasedEmail('c-1'), status: 'deleted', erasedAt: at(grace).toISOString(), statusBeforeDeletion: 'active' });
    expect(decision.next.credentials.passwordHash).to.equal('');
    expect(decision.next.groupIds).to.deep.equal(['vip']);
    expect(decision.event).to.include({ reason: 'erasure' });
    expect(schemaErrors(eventSchemaId('customer.deleted'), decision.event)).to.deep.equal([]);
    expect(erase(decision.next, at(grace + 1000))).to.deep.equal({ kind: 'already_erased' });
  });

  it('when erasure fires early, after a cancel, or for a customer never scheduled, then nothing is erased', () => {
    expect(erase(scheduled(), at(grace - 1))).to.deep.equal({ kind: 'not_due' });
    const cancelled = cancelErasure(scheduled(), at(10));
    if (cancelled.kind !== 'cancelled') throw new Error(cancelled.kind);
    expect(erase(cancelled.next, at(grace))).to.deep.equal({ kind: 'not_due' });
    expect(erase(base, at(grace))).to.deep.equal({ kind: 'not_due' });
  });
});

describe('erasures deferred by a full queue', () => {
  it('when an erasure is turned away again and again, then it comes back within a window that doubles up to 5 minutes, never at once', () => {
    expect([0, 1, 2, 3, 4, 9].map((n) => deferredErasureDelayMs(n, 0.999999))).to.deep.equal([29_999, 59_999, 119_999, 239_999, 299_999, 299_999]);
    for (const n of [0, 3, 9]) expect(deferredErasureDelayMs(n, 0)).to.equal(1_000);
  });
});
