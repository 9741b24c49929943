import { expect } from 'chai';
import { schemaErrors } from '@idp/common';
import { SCHEMA_BASE_URI } from '@idp/proto';
import { matches, type CustomerFacts, type Rule } from '../../src/domain/segment-rules.js';

const now = new Date('2026-03-31T00:00:00Z');
const facts: CustomerFacts = {
  customerType: 'business',
  status: 'active',
  emailDomain: 'example.co.th',
  emailVerified: true,
  phoneVerified: false,
  marketingEmailOptIn: true,
  groupIds: ['vip'],
  defaultShippingCountry: 'TH',
  createdAt: '2026-03-25T00:00:00Z',
  lastOrderAt: '2026-01-01T00:00:00Z',
  orderCount: 4,
  totalSpentMinor: { THB: 250_000 },
};
const valid = (rule: unknown) => schemaErrors(`${SCHEMA_BASE_URI}segment-rules.json`, rule);

describe('segment rules', () => {
  const cases: [string, Rule, boolean][] = [
    ['type in a list', { all: [{ field: 'customerType', op: 'in', value: ['business', 'individual'] }] }, true],
    ['email domain', { all: [{ field: 'emailDomain', op: 'in', value: ['example.co.th'] }] }, true],
    ['status not equal', { all: [{ field: 'status', op: 'neq', value: 'active' }] }, false],
    ['verified email', { all: [{ field: 'emailVerified', op: 'eq', value: true }] }, true],
    ['group membership', { all: [{ field: 'groupIds', op: 'contains', value: 'vip' }, { field: 'groupIds', op: 'not_contains', value: 'b2b' }] }, true],
    ['order count', { all: [{ field: 'orderCount', op: 'gte', value: 5 }] }, false],
    ['spend in a currency', { all: [{ field: 'totalSpentMinor', op: 'gte', value: 200_000, currency: 'THB' }] }, true],
    ['spend in another currency is zero', { all: [{ field: 'totalSpentMinor', op: 'gt', value: 0, currency: 'USD' }] }, false],
    ['new customers', { all: [{ field: 'createdAt', op: 'within_days', value: 7 }] }, true],
    ['lapsed buyers', { all: [{ field: 'lastOrderAt', op: 'older_than_days', value: 60 }] }, true],
    ['has a shipping country', { all: [{ field: 'defaultShippingCountry', op: 'exists' }] }, true],
    ['any of two', { any: [{ field: 'orderCount', op: 'eq', value: 0 }, { field: 'customerType', op: 'eq', value: 'business' }] }, true],
    ['nested groups', { all: [{ field: 'status', op: 'eq', value: 'active' }, { any: [{ field: 'phoneVerified', op: 'eq', value: true }, { field: 'orderCount', op: 'lt', value: 2 }] }] }, false],
  ];
  for (const [name, rule, expected] of cases) {
    it(`when the rule is "${name}", then it matches: ${expected}; the rule is valid for the schema`, () => {
      expect(valid(rule)).to.deep.equal([]);
      expect(matches(rule, facts, now)).to.equal(expected);
    });
  }

  it('when a customer never ordered, then lastOrderAt is neither recent nor old, and not_exists holds', () => {
    const none = { ...facts, lastOrderAt: null };
    expect(matches({ all: [{ field: 'lastOrderAt', op: 'within_days', value: 30 }] }, none, now)).to.equal(false);
    expect(matches({ all: [{ field: 'lastOrderAt', op: 'older_than_days', value: 30 }] }, none, now)).to.equal(false);
    expect(matches({ all: [{ field: 'lastOrderAt', op: 'not_exists' }] }, none, now)).to.equal(true);
  });

  it('when a rule is malformed, then the schema refuses it', () => {
    for (const bad of [{}, { all: [] }, { all: [{ field: 'email', op: 'eq', value: 'x' }] }, { all: [{ field: 'orderCount', op: 'contains', value: 1 }] }, { all: [{ field: 'totalSpentMinor', op: 'gt', value: 1 }] }, { all: [], any: [] }]) {
      expect(valid(bad).length, JSON.stringify(bad)).to.be.greaterThan(0);
    }
  });
});
