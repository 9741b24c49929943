import { expect } from 'chai';
import { schemaErrors } from '@idp/common';
import { requestSchemaId } from '@idp/proto';
import { auditEntryFor, AUDITED_EVENTS, PROJECTED_ONLY_EVENTS, maskEmail, maskPhone, scrubbedChanges } from '../../src/domain/audit.js';
import { newCustomerAggregate } from '../../src/domain/customer.js';
import { decodeCursor, encodeCursor, normalizeQuery } from '@idp/common';
import { directoryRow, directoryRowFromCreated, LIST_QUERY_SHAPE } from '../../src/domain/directory.js';
import { customerCreatedEvent } from '../../src/domain/customer.js';

const normalizeListQuery = (query: Record<string, unknown>) => normalizeQuery(query, LIST_QUERY_SHAPE);
import { CUSTOMER_EVENTS } from '@idp/proto';

const at = '2026-03-01T12:00:00.000Z';
const by = { kind: 'admin' as const, id: 'staff-7' };

describe('audit entries', () => {
  it('when an event changes personal data, then before and after are masked and who/when are kept', () => {
    const entry = auditEntryFor('customer.updated', {
      customerId: 'c-1', changes: { email: 'new@example.com', phone: '+14155550199', customerType: 'business' },
      previous: { email: 'old@example.com', phone: '+14155550123', customerType: 'individual' }, version: 3, updatedAt: at, occurredAt: at, performedBy: by,
    } as never);
    expect(entry).to.deep.equal({
      customerId: 'c-1', action: 'customer.updated', performedBy: by, occurredAt: at,
      changes: [
        { field: 'email', before: 'o•••@example.com', after: 'n•••@example.com' },
        { field: 'phone', before: '•••0123', after: '•••0199' },
        { field: 'customerType', before: 'individual', after: 'business' },
      ],
    });
  });

  it('when a verification code is sent, then the audit has where it went, masked, and never the code', () => {
    const entry = auditEntryFor('customer.verification.requested', { customerId: 'c-1', channel: 'email', destination: 'ada@example.com', code: '123456', expiresAt: at, requestedAt: at, occurredAt: at } as never);
    expect(JSON.stringify(entry)).not.to.include('123456');
    expect(JSON.stringify(entry)).not.to.include('ada@');
    expect(entry!.performedBy).to.deep.equal({ kind: 'system', id: 'unrecorded' });
  });

  it('when a password changes, then the audit says so without any hash', () => {
    expect(auditEntryFor('customer.password.changed', { customerId: 'c-1', keepSessionId: null, changedAt: at, occurredAt: at } as never)!.changes).to.deep.equal([{ field: 'password', before: '[secret]', after: '[secret]' }]);
  });

  it('when any customer event is published on customer-events, then it is audited or (statistics) only projected; other types have neither', () => {
    // The code message travels on its own topic, which the customer app does not read.
    const broadcast = Object.values(CUSTOMER_EVENTS).filter((type) => type !== CUSTOMER_EVENTS.verificationCode);
    expect([...AUDITED_EVENTS, ...PROJECTED_ONLY_EVENTS].sort()).to.deep.equal(broadcast.sort());
    expect(AUDITED_EVENTS).to.not.include(CUSTOMER_EVENTS.statsUpdated);
    expect(auditEntryFor('session.created', { customerId: 'x', occurredAt: at })).to.equal(undefined);
  });

  it('when a customer is erased, then every personal value leaves their audit entries and the rest stays', () => {
    const changes = [
      { field: 'email', before: 'o•••@example.com', after: 'n•••@example.com' },
      { field: 'status', before: 'active', after: 'suspended' },
      { field: 'addresses/a1/line1', before: '1•••', after: '2•••' },
      { field: 'addresses/a2', before: null, after: { city: 'Bangkok' } },
      { field: 'verification.phone', before: null, after: { sentTo: '•••0123' } },
      { field: 'phone', before: null, after: '•••0123' },
    ];
    expect(scrubbedChanges(changes)).to.deep.equal([
      { field: 'email', before: '[erased]', after: '[erased]' },
      { field: 'status', before: 'active', after: 'suspended' },
      { field: 'addresses/a1/line1', before: '[erased]', after: '[erased]' },
      { field: 'addresses/a2', before: null, after: '[erased]' },
      { field: 'verification.phone', before: null, after: '[erased]' },
      { field: 'phone', before: null, after: '[erased]' },
    ]);
    expect(scrubbedChanges(scrubbedChanges(changes))).to.deep.equal(scrubbedChanges(changes));
  });

  it('when values are masked, then short and odd values still mask', () => {
    expect(maskEmail('a@b.co')).to.equal('a•••@b.co');
    expect(maskPhone('+66812345678')).to.equal('•••5678');
  });
});

describe('customer directory', () => {
  it('when a row is built from the aggregate, then it reflects its version, groups sorted, and the default shipping country', () => {
    const aggregate = newCustomerAggregate({ id: 'c-1', email: 'ada@example.com', passwordHash: 'h', firstName: 'Ada', lastName: 'L', phone: null }, new Date(at));
    const row = directoryRow({ ...aggregate, version: 4, groupIds: ['vip', 'b2b'], addresses: [{ id: 'a', isDefaultShipping: true, countryCode: 'TH' } as never] });
    expect(row).to.include({ id: 'c-1', version: 4, email: 'ada@example.com', addressCount: 1, defaultShippingCountry: 'TH', status: 'active' });
    expect(row.groupIds).to.deep.equal(['b2b', 'vip']);
    expect(JSON.stringify(row)).not.to.include('passwordHash');
  });

  it('when the customer has order statistics and segments, then the row carries what segment rules read', () => {
    const aggregate = newCustomerAggregate({ id: 'c-2', email: 'bo@example.com', passwordHash: 'h', firstName: 'Bo', lastName: 'L', phone: null }, new Date(at));
    const stats = { orderCount: 2, totalSpentMinor: { THB: 900 }, firstOrderAt: at, lastOrderAt: at, asOf: at, reconciledAsOf: null, countedOrderIds: ['o1', 'o2'], updatedAt: at, source: 'events' as const };
    const row = directoryRow({ ...aggregate, stats, segments: { ids: ['vip', 'all-customers'], pending: false } });
    expect(row).to.deep.include({ orderCount: 2, totalSpentMinor: { THB: 900 }, firstOrderAt: at, lastOrderAt: at, segmentIds: ['all-customers', 'vip'], segmentsPending: false });
  });

  it('when a customer is new, then the row built from customer.created equals the row built from the aggregate', () => {
    for (const [phone, defaults] of [[null, []], ['+14155550123', ['all-customers', 'new-customers']]] as const) {
      const aggregate = newCustomerAggregate({ id: 'c-9', email: 'new@example.com', passwordHash: 'h', firstName: 'N', lastName: 'E', phone, customerType: 'business' }, new Date(at), defaults);
      expect(directoryRowFromCreated(customerCreatedEvent(aggregate, new Date(at)))).to.deep.equal(directoryRow(aggregate));
      expect(directoryRow(aggregate).segmentsPending).to.equal(defaults.length > 0);
    }
  });

  it('when a cursor round-trips, then it decodes to the same keyset; a forged one is a field error', () => {
    const cursor = encodeCursor({ createdAt: at, id: 'c-1' });
    expect(decodeCursor(cursor)).to.deep.equal({ createdAt: at, id: 'c-1' });
    expect(decodeCursor('bm90IGpzb24')).to.deep.equal({ pointer: '/cursor', detail: 'is not a cursor this API returned' });
    expect(decodeCursor(Buffer.from('["yesterday","x"]').toString('base64url'))).to.have.property('pointer', '/cursor');
  });

  it('when list filters arrive as query text, then lists, booleans and the limit are parsed before the schema checks them', () => {
    const query = normalizeListQuery({ status: 'Active, suspended', emailVerified: 'true', limit: '50', q: 'ada' });
    expect(query).to.deep.equal({ status: ['active', 'suspended'], emailVerified: true, limit: 50, q: 'ada' });
    expect(schemaErrors(requestSchemaId('customer.list-query'), query)).to.deep.equal([]);
    expect(schemaErrors(requestSchemaId('customer.list-query'), normalizeListQuery({ emailVerified: 'yes' })).map((e) => e.pointer)).to.deep.equal(['/emailVerified']);
    expect(schemaErrors(requestSchemaId('customer.list-query'), normalizeListQuery({ limit: '500' })).map((e) => e.pointer)).to.deep.equal(['/limit']);
    expect(schemaErrors(requestSchemaId('customer.list-query'), normalizeListQuery({ status: 'gone' })).map((e) => e.pointer)).to.deep.equal(['/status/0']);
    expect(schemaErrors(requestSchemaId('customer.list-query'), { sort: 'name' })).to.deep.equal([{ pointer: '/sort', detail: 'is not allowed' }]);
  });
});
