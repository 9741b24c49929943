import { expect } from 'chai';
import { schemaErrors } from '@idp/common';
import { eventSchemaId, requestSchemaId } from '@idp/proto';
import { newCustomerAggregate } from '../../src/domain/customer.js';
import { assignGroup, groupsOf, unassignGroup } from '../../src/domain/groups.js';

const t0 = new Date('2026-03-01T12:00:00Z');
const by = { kind: 'admin' as const, id: 'staff-1' };
const base = newCustomerAggregate({ id: 'c-1', email: 'ada@example.com', passwordHash: 'h', firstName: 'Ada', lastName: 'L', phone: null }, t0);
const vip = '11111111-1111-4111-8111-111111111111';
const b2b = '22222222-2222-4222-8222-222222222222';

describe('group membership', () => {
  it('when a customer joins a group, then the event carries the whole membership; joining again changes nothing', () => {
    const first = assignGroup(base, vip, 50, by, t0);
    if (first.kind !== 'changed') throw new Error(first.kind);
    expect(groupsOf(first.next)).to.deep.equal([vip]);
    expect(first.next.version).to.equal(base.version + 1);
    expect(first.event).to.deep.equal({ customerId: 'c-1', groupId: vip, groupIds: [vip], performedBy: by, occurredAt: t0.toISOString() });
    expect(schemaErrors(eventSchemaId('customer.group.assigned'), first.event)).to.deep.equal([]);
    expect(assignGroup(first.next, vip, 50, by, t0)).to.deep.equal({ kind: 'unchanged', groupIds: [vip] });
  });

  it('when a customer leaves, then only that group goes; leaving a group not held changes nothing', () => {
    const one = assignGroup(base, vip, 50, by, t0);
    if (one.kind !== 'changed') throw new Error(one.kind);
    const two = assignGroup(one.next, b2b, 50, by, t0);
    if (two.kind !== 'changed') throw new Error(two.kind);
    const left = unassignGroup(two.next, vip, by, t0);
    if (left.kind !== 'changed') throw new Error(left.kind);
    expect(left.event.groupIds).to.deep.equal([b2b]);
    expect(schemaErrors(eventSchemaId('customer.group.unassigned'), left.event)).to.deep.equal([]);
    expect(unassignGroup(left.next, vip, by, t0)).to.deep.equal({ kind: 'unchanged', groupIds: [b2b] });
  });

  it('when the membership cap is reached, then another group is refused', () => {
    const one = assignGroup(base, vip, 1, by, t0);
    if (one.kind !== 'changed') throw new Error(one.kind);
    expect(assignGroup(one.next, b2b, 1, by, t0)).to.deep.equal({ kind: 'limit_reached', limit: 1 });
  });

  it('when a group is created or renamed, then the name is required and bounded', () => {
    expect(schemaErrors(requestSchemaId('customer-group.create'), { name: 'VIP', description: null })).to.deep.equal([]);
    expect(schemaErrors(requestSchemaId('customer-group.create'), { name: '  ' }).map((e) => e.pointer)).to.deep.equal(['/name']);
    expect(schemaErrors(requestSchemaId('customer-group.update'), {}).length).to.equal(1);
    expect(schemaErrors(requestSchemaId('customer-group.update'), { description: 'x'.repeat(501) }).map((e) => e.pointer)).to.include('/description');
  });
});
