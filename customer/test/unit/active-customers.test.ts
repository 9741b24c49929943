import { expect } from 'chai';
import { ActiveCustomers } from '../../src/actors/active-customers.js';
import type { CustomerAggregate } from '../../src/domain/customer.js';

const doc = (version: number) => ({ version, customer: { id: 'c1' } }) as unknown as CustomerAggregate;

describe('active customers (reads from the actor held in this process)', () => {
  it('when the actor holds its document, then reads get it until it is too old, then go to the store', () => {
    const active = new ActiveCustomers(1_000);
    active.hold('c1', doc(3), 10_000);
    expect(active.fresh('c1', 10_999)?.version).to.equal(3);
    expect(active.fresh('c1', 11_000)).to.equal(undefined);
  });

  it('when the actor is deactivated or unsure of a write, then nothing is served', () => {
    const active = new ActiveCustomers(1_000);
    active.hold('c1', doc(3), 10_000);
    active.release('c1');
    expect(active.fresh('c1', 10_001)).to.equal(undefined);
  });

  it('when a store read comes back, then it renews only a held entry, and never with an older document', () => {
    const active = new ActiveCustomers(1_000);
    active.renew('c2', doc(1), 10_000);
    expect(active.fresh('c2', 10_001), 'no actor here: the store read is not kept').to.equal(undefined);
    active.hold('c1', doc(4), 10_000);
    active.renew('c1', doc(3), 10_500);
    expect(active.fresh('c1', 10_600)?.version).to.equal(4);
    active.renew('c1', doc(4), 10_900);
    expect(active.fresh('c1', 11_800)?.version, 'renewed at 10,900').to.equal(4);
    active.hold('c1', doc(5), 11_000);
    active.renew('c1', doc(4), 10_950);
    expect(active.fresh('c1', 11_001)?.version, 'a read that started before the write does not undo it').to.equal(5);
  });
});
