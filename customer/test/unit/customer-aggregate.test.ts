import { expect } from 'chai';
import { schemaErrors } from '@idp/common';
import { eventSchemaId, requestSchemaId } from '@idp/proto';
import { customerCreatedEvent, customerKey, newCustomerAggregate, toView } from '../../src/domain/customer.js';
import { normalizeCustomerInput, normalizePhone } from '../../src/domain/normalize.js';
import { registrationId } from '../../src/registration.js';

const now = new Date('2026-03-01T12:00:00Z');
const input = { id: '0b7f6a52-8f3e-4a8e-9d7e-2f1e6c1d2a10', email: 'ada@example.com', passwordHash: 'scrypt$16384$8$1$c2FsdA==$a2V5', firstName: 'Ada', lastName: 'Lovelace', phone: null };

describe('customer aggregate', () => {
  it('when a customer is created, then customer, profile and preferences are one document, active, unverified, opted out', () => {
    const aggregate = newCustomerAggregate(input, now);
    expect(aggregate.version).to.equal(1);
    expect(aggregate.customer).to.include({ id: input.id, email: input.email, status: 'active', customerType: 'individual', emailVerified: false, createdAt: now.toISOString() });
    expect(aggregate.profile).to.include({ firstName: 'Ada', lastName: 'Lovelace', phone: null, deletedAt: null });
    expect(aggregate.preferences).to.include({ marketingEmailOptIn: false, marketingSmsOptIn: false });
    expect(customerKey(input.id)).to.equal(`customer:${input.id}`);
  });

  it('when the customer is shown, then no credential leaves the aggregate', () => {
    const view = toView(newCustomerAggregate(input, now));
    expect(JSON.stringify(view)).not.to.include('scrypt');
    expect(view).not.to.have.property('credentials');
  });

  it('when customer.created is built, then it matches its schema in proto/ and carries the string customer type', () => {
    const event = customerCreatedEvent(newCustomerAggregate({ ...input, customerType: 'business' }, now), now);
    expect(schemaErrors(eventSchemaId('customer.created'), event)).to.deep.equal([]);
    expect(event.customerType).to.equal('business');
    expect(JSON.stringify(event)).not.to.include('scrypt');
  });
});

describe('registration input normalization', () => {
  it('when email and customer type arrive in mixed case with spaces, then they are lowercased and trimmed before validation', () => {
    const { body: normalized, errors } = normalizeCustomerInput({ email: '  Ada@Example.COM ', password: 'x'.repeat(10), firstName: ' Ada ', lastName: 'L', customerType: ' Business', phone: '+1 (415) 555-0123' });
    expect(errors).to.deep.equal([]);
    expect(normalized).to.deep.equal({ email: 'ada@example.com', password: 'x'.repeat(10), firstName: 'Ada', lastName: 'L', customerType: 'business', phone: '+14155550123' });
    expect(schemaErrors(requestSchemaId('customer.register'), normalized)).to.deep.equal([]);
  });

  it('when the body is not an object, then it is passed on unchanged for the schema to reject', () => {
    expect(normalizeCustomerInput([1]).body).to.deep.equal([1]);
    expect(schemaErrors(requestSchemaId('customer.register'), [1])).to.have.length.greaterThan(0);
  });

  it('when a customer type outside the enum arrives, then the schema rejects it with the allowed values', () => {
    const errors = schemaErrors(requestSchemaId('customer.register'), normalizeCustomerInput({ email: 'a@b.co', password: 'long enough', firstName: 'A', lastName: 'B', customerType: 'VIP' }).body);
    expect(errors).to.deep.equal([{ pointer: '/customerType', detail: 'must be one of: individual, business' }]);
  });

  it('when a phone is written nationally, then it becomes E.164 in the configured region, and is refused without one', () => {
    expect(normalizePhone('081 234 5678', 'TH')).to.equal('+66812345678');
    expect(normalizePhone('081 234 5678')).to.equal(null);
    expect(normalizePhone('+66 81 234 5678')).to.equal('+66812345678');
  });

  it('when a phone cannot be a real number, then it is a field error at /phone, reported with the schema errors', () => {
    const { body, errors } = normalizeCustomerInput({ email: 'a@b.co', phone: '+1 000 000 0000' });
    expect(errors).to.deep.equal([{ pointer: '/phone', detail: 'is not a valid phone number (use international format, e.g. +14155550123)' }]);
    expect(body).not.to.have.property('phone');
  });
});

describe('registration ids', () => {
  const request = { email: 'ada@example.com', password: 'correct horse battery', firstName: 'Ada', lastName: 'L' };

  it('when a registration carries an Idempotency-Key, then its retries get the same id; another key, email or password another one', () => {
    const id = registrationId(request, 'key-000001');
    expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(registrationId({ ...request }, 'key-000001')).to.equal(id);
    expect(registrationId(request, 'key-000002')).not.to.equal(id);
    expect(registrationId({ ...request, email: 'eve@example.com' }, 'key-000001')).not.to.equal(id);
    expect(registrationId({ ...request, password: 'another password' }, 'key-000001')).not.to.equal(id);
  });

  it('when there is no key, then every registration gets a fresh id', () => {
    expect(registrationId(request, undefined)).not.to.equal(registrationId(request, undefined));
  });
});
