import { expect } from 'chai';
import { schemaErrors } from '@idp/common';
import { eventSchemaId } from '@idp/proto';
import { indexedValue, newCustomerAggregate } from '../../src/domain/customer.js';
import { softDeleted, withStatus } from '../../src/domain/lifecycle.js';
import { withPassword } from '../../src/domain/password.js';
import { changedPreferences, withPreferences } from '../../src/domain/preferences.js';
import { effectiveChanges, withProfileChanges } from '../../src/domain/profile-update.js';

const created = new Date('2026-03-01T12:00:00Z');
const later = new Date('2026-03-02T08:30:00Z');
const aggregate = newCustomerAggregate(
  { id: 'c-1', email: 'ada@example.com', passwordHash: 'scrypt$x', firstName: 'Ada', lastName: 'Lovelace', phone: '+14155550123' },
  created,
);
const verified = { ...aggregate, customer: { ...aggregate.customer, emailVerified: true, phoneVerified: true } };

describe('customer profile changes', () => {
  it('when a PATCH repeats current values, then only the fields that differ are changes', () => {
    expect(effectiveChanges(aggregate, { firstName: 'Ada', lastName: 'Byron', phone: '+14155550123' })).to.deep.equal({ lastName: 'Byron' });
    expect(effectiveChanges(aggregate, { phone: null })).to.deep.equal({ phone: null });
  });

  it('when the email changes, then it is unverified again, the version moves on, and customer.updated carries only the changes', () => {
    const { next, event } = withProfileChanges(verified, { email: 'ada@new.example', firstName: 'Augusta' }, later);
    expect(next.customer).to.include({ email: 'ada@new.example', emailVerified: false, phoneVerified: true, updatedAt: later.toISOString() });
    expect(next.profile.firstName).to.equal('Augusta');
    expect(next.version).to.equal(2);
    expect(event).to.deep.equal({ customerId: 'c-1', changes: { email: 'ada@new.example', firstName: 'Augusta' }, previous: { email: aggregate.customer.email, firstName: aggregate.profile.firstName }, version: 2, updatedAt: later.toISOString(), occurredAt: later.toISOString() });
    expect(schemaErrors(eventSchemaId('customer.updated'), event)).to.deep.equal([]);
  });

  it('when the phone is removed, then the profile holds none, phone verification resets, and the event says null', () => {
    const { next, event } = withProfileChanges(verified, { phone: null }, later);
    expect(next.profile.phone).to.equal(null);
    expect(next.customer.phoneVerified).to.equal(false);
    expect(event.changes).to.deep.equal({ phone: null });
    expect(schemaErrors(eventSchemaId('customer.updated'), event)).to.deep.equal([]);
  });
});

describe('customer lifecycle changes', () => {
  it('when the status changes, then the document and customer.status.changed say from what to what, with the string customer type', () => {
    const { next, event } = withStatus(aggregate, 'suspended', later);
    expect(next.customer.status).to.equal('suspended');
    expect(next.version).to.equal(2);
    expect(event).to.include({ customerId: 'c-1', previousStatus: 'active', status: 'suspended', customerType: 'individual' });
    expect(schemaErrors(eventSchemaId('customer.status.changed'), event)).to.deep.equal([]);
  });

  it('when a customer is soft-deleted, then customer, profile and preferences are marked in one document and customer.deleted says soft_delete', () => {
    const { next, event } = softDeleted(aggregate, later);
    const at = later.toISOString();
    expect(next.customer).to.include({ status: 'deleted', deletedAt: at, statusBeforeDeletion: 'active' });
    expect(next.profile.deletedAt).to.equal(at);
    expect(next.preferences.deletedAt).to.equal(at);
    expect(event).to.deep.equal({ customerId: 'c-1', reason: 'soft_delete', deletedAt: at, occurredAt: at });
    expect(schemaErrors(eventSchemaId('customer.deleted'), event)).to.deep.equal([]);
  });

  it('when the indexes ask what a customer holds, then a deleted customer holds no email or phone', () => {
    expect([indexedValue(aggregate, 'email'), indexedValue(aggregate, 'phone')]).to.deep.equal(['ada@example.com', '+14155550123']);
    expect(indexedValue(softDeleted(aggregate, later).next, 'email')).to.equal(null);
  });
});

describe('customer preferences and password', () => {
  it('when preferences are put, then only differing fields count as changed and customer.preferences.updated carries the whole set', () => {
    const input = { marketingEmailOptIn: true, marketingSmsOptIn: false, language: 'th' };
    expect(changedPreferences(aggregate.preferences, input)).to.deep.equal(['marketingEmailOptIn', 'language']);
    expect(changedPreferences(aggregate.preferences, { marketingEmailOptIn: false, marketingSmsOptIn: false, language: null })).to.deep.equal([]);
    const { next, event } = withPreferences(aggregate, input, later);
    expect(next.preferences).to.include({ ...input, updatedAt: later.toISOString() });
    expect(event).to.deep.equal({ customerId: 'c-1', preferences: input, changed: ['marketingEmailOptIn', 'language'], previous: { marketingEmailOptIn: false, language: null }, updatedAt: later.toISOString(), occurredAt: later.toISOString() });
    expect(schemaErrors(eventSchemaId('customer.preferences.updated'), event)).to.deep.equal([]);
  });

  it('when the password changes, then only the hash and its time change and the event names the session to keep, nothing else', () => {
    const { next, event } = withPassword(aggregate, 'scrypt$new', 'session-1', later);
    expect(next.credentials).to.deep.equal({ passwordHash: 'scrypt$new', passwordChangedAt: later.toISOString() });
    expect(next.profile).to.deep.equal(aggregate.profile);
    expect(event).to.deep.equal({ customerId: 'c-1', keepSessionId: 'session-1', changedAt: later.toISOString(), occurredAt: later.toISOString() });
    expect(schemaErrors(eventSchemaId('customer.password.changed'), event)).to.deep.equal([]);
  });
});
