import { expect } from 'chai';
import { identityEffect, MAX_REMEMBERED_EVENTS, recordEvent } from '../../src/domain/identity-events.js';
import { subjectActorId } from '../../src/actors/names.js';

const event = (id: string) => ({ id, type: 'customer.created', receivedAt: '2026-01-01T00:00:00Z' });

describe('identity event log', () => {
  it('when an event arrives for the first time, then it is recorded', () => {
    const { log, duplicate } = recordEvent(undefined, event('outbox-1'));
    expect(duplicate).to.equal(false);
    expect(log.events).to.deep.equal([event('outbox-1')]);
  });

  it('when the same CloudEvent id is redelivered, then it is a duplicate and the log does not change', () => {
    const first = recordEvent(undefined, event('outbox-1')).log;
    const again = recordEvent(first, { ...event('outbox-1'), receivedAt: '2026-01-02T00:00:00Z' });
    expect(again.duplicate).to.equal(true);
    expect(again.log).to.deep.equal(first);
  });

  it('when more events than the bound arrive, then the oldest are forgotten', () => {
    let log = recordEvent(undefined, event('outbox-0')).log;
    for (let i = 1; i <= MAX_REMEMBERED_EVENTS; i++) log = recordEvent(log, event(`outbox-${i}`)).log;
    expect(log.events).to.have.length(MAX_REMEMBERED_EVENTS);
    expect(log.events[0]!.id).to.equal('outbox-1');
  });

  it('when a subject is addressed, then its actor id joins user type and id', () => {
    expect(subjectActorId('customer', 'abc')).to.equal('customer:abc');
  });
});

describe('identity events from user and customer', () => {
  it('when a customer is created or reactivated, then auth records it without revoking', () => {
    expect(identityEffect('customer.created', { customerId: 'c1' })).to.deep.equal({ userType: 'customer', subjectId: 'c1', revokeReason: null });
    expect(identityEffect('customer.status.changed', { customerId: 'c1', status: 'active' })?.revokeReason).to.equal(null);
    expect(identityEffect('customer.status.changed', { customerId: 'c1', status: 'pending_deletion' })?.revokeReason).to.equal(null);
  });

  it('when a customer is suspended, deactivated, deleted or erased, then every session is revoked with that reason', () => {
    expect(identityEffect('customer.status.changed', { customerId: 'c1', status: 'suspended' })?.revokeReason).to.equal('subject_suspended');
    expect(identityEffect('customer.status.changed', { customerId: 'c1', status: 'inactive' })?.revokeReason).to.equal('subject_deactivated');
    expect(identityEffect('customer.deleted', { customerId: 'c1', reason: 'soft_delete' })?.revokeReason).to.equal('subject_deleted');
    expect(identityEffect('customer.deleted', { customerId: 'c1', reason: 'erasure' })?.revokeReason).to.equal('subject_erased');
  });

  it("when a customer's password changed, then every session but the one it was changed in is revoked", () => {
    expect(identityEffect('customer.password.changed', { customerId: 'c1', keepSessionId: 's1' })).to.deep.equal({
      userType: 'customer',
      subjectId: 'c1',
      revokeReason: 'password_changed',
      exceptSessionId: 's1',
    });
    expect(identityEffect('customer.password.changed', { customerId: 'c1', keepSessionId: null })).to.deep.equal({ userType: 'customer', subjectId: 'c1', revokeReason: 'password_changed' });
  });

  it('when an event says when the change happened, then only sessions created before it are revoked (a late event spares later sign-ins)', () => {
    const changedAt = '2026-05-01T10:00:00.000Z';
    expect(identityEffect('customer.status.changed', { customerId: 'c1', status: 'suspended', changedAt })?.issuedBefore).to.equal(Date.parse(changedAt));
    expect(identityEffect('customer.deleted', { customerId: 'c1', reason: 'soft_delete', deletedAt: changedAt })?.issuedBefore).to.equal(Date.parse(changedAt));
    expect(identityEffect('customer.status.changed', { customerId: 'c1', status: 'active', changedAt })).not.to.have.property('issuedBefore');
  });

  it('when an admin or shipper is suspended or deleted, then their sessions are revoked under their own user type', () => {
    expect(identityEffect('user.status_changed', { userId: 'u1', userType: 'shipper', status: 'suspended' })).to.deep.equal({ userType: 'shipper', subjectId: 'u1', revokeReason: 'subject_suspended' });
    expect(identityEffect('user.deleted', { userId: 'u1', userType: 'admin' })).to.deep.equal({ userType: 'admin', subjectId: 'u1', revokeReason: 'subject_deleted' });
  });

  it("when a staff account's roles change, then its sessions opened before the change end; a rename ends none", () => {
    const occurredAt = '2026-05-01T10:00:00.000Z';
    expect(identityEffect('user.updated', { userId: 'u1', userType: 'admin', changes: { roles: ['viewer'], permissions: ['users:read'] }, occurredAt })).to.deep.equal({
      userType: 'admin',
      subjectId: 'u1',
      revokeReason: 'permissions_changed',
      issuedBefore: Date.parse(occurredAt),
    });
    expect(identityEffect('user.updated', { userId: 'u1', userType: 'admin', changes: { lastName: 'Lovelace' }, occurredAt })?.revokeReason).to.equal(null);
  });

  it('when an event auth does not use arrives, then it has no effect', () => {
    expect(identityEffect('customer.address.created', { customerId: 'c1' })).to.equal(null);
  });
});
