import { expect } from 'chai';
import { schemaErrors } from '@idp/common';
import { eventSchemaId, requestSchemaId } from '@idp/proto';
import { newCustomerAggregate, type CustomerAggregate } from '../../src/domain/customer.js';
import { addAddress, addressesOf, defaultsOf, normalizeAddressInput, removeAddress, updateAddress, type AddressDecision } from '../../src/domain/addresses.js';

const t0 = new Date('2026-03-01T12:00:00Z');
const by = { kind: 'customer' as const, id: '0b7f6a52-8f3e-4a8e-9d7e-2f1e6c1d2a10' };
const base = newCustomerAggregate({ id: by.id, email: 'ada@example.com', passwordHash: 'h', firstName: 'Ada', lastName: 'L', phone: null }, t0);
const home = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', countryCode: 'GB' };
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function applied<T>(decision: AddressDecision<T>): { next: CustomerAggregate; event: T } {
  if (decision.kind !== 'ok') throw new Error(`expected ok, got ${decision.kind}`);
  return decision;
}

describe('address book', () => {
  it('when the first address is added, then it becomes the default shipping and billing address and the event matches its schema', () => {
    const { next, event } = applied(addAddress(base, home, id(1), 20, by, t0));
    const [address] = addressesOf(next);
    expect(address).to.include({ id: id(1), isDefaultShipping: true, isDefaultBilling: true, line2: null, company: null, phone: null });
    expect(next.version).to.equal(base.version + 1);
    expect(event).to.deep.include({ customerId: by.id, defaultShippingAddressId: id(1), defaultBillingAddressId: id(1), performedBy: by });
    expect(schemaErrors(eventSchemaId('customer.address.created'), event)).to.deep.equal([]);
  });

  it('when a later address takes the shipping default, then the earlier one loses it and keeps billing', () => {
    const one = applied(addAddress(base, home, id(1), 20, by, t0)).next;
    const second = applied(addAddress(one, { ...home, line1: 'Office', isDefaultShipping: true }, id(2), 20, by, t0));
    const [first, office] = addressesOf(second.next);
    expect(first).to.include({ isDefaultShipping: false, isDefaultBilling: true });
    expect(office).to.include({ isDefaultShipping: true, isDefaultBilling: false });
    expect(second.event).to.include({ defaultShippingAddressId: id(2), defaultBillingAddressId: id(1) });
  });

  it('when an address is changed, then only changed fields are listed; defaults move; an identical patch writes nothing', () => {
    let aggregate = applied(addAddress(base, home, id(1), 20, by, t0)).next;
    aggregate = applied(addAddress(aggregate, { ...home, line1: 'Office' }, id(2), 20, by, t0)).next;
    const { next, event } = applied(updateAddress(aggregate, id(2), { city: 'Leeds', isDefaultBilling: true, countryCode: 'GB' }, by, new Date('2026-03-02T00:00:00Z')));
    expect(event.changed).to.deep.equal(['city', 'isDefaultBilling']);
    expect(defaultsOf(addressesOf(next))).to.deep.equal({ defaultShippingAddressId: id(1), defaultBillingAddressId: id(2) });
    expect(schemaErrors(eventSchemaId('customer.address.updated'), event)).to.deep.equal([]);
    expect(updateAddress(next, id(2), { city: 'Leeds' }, by, t0).kind).to.equal('unchanged');
    expect(updateAddress(next, id(9), { city: 'York' }, by, t0).kind).to.equal('not_found');
    const cleared = applied(updateAddress(next, id(1), { postalCode: null }, by, t0));
    expect(addressesOf(cleared.next)[0]!.postalCode).to.equal(null);
  });

  it('when the default address is deleted, then no other address silently becomes the default', () => {
    let aggregate = applied(addAddress(base, home, id(1), 20, by, t0)).next;
    aggregate = applied(addAddress(aggregate, { ...home, line1: 'Office' }, id(2), 20, by, t0)).next;
    const { next, event } = applied(removeAddress(aggregate, id(1), by, t0));
    expect(addressesOf(next).map((a) => a.id)).to.deep.equal([id(2)]);
    expect(event).to.include({ addressId: id(1), defaultShippingAddressId: null, defaultBillingAddressId: null });
    expect(schemaErrors(eventSchemaId('customer.address.deleted'), event)).to.deep.equal([]);
    expect(removeAddress(next, id(1), by, t0).kind).to.equal('not_found');
  });

  it('when the book is full, then another address is refused with the limit', () => {
    let aggregate = base;
    for (let n = 1; n <= 3; n += 1) aggregate = applied(addAddress(aggregate, home, id(n), 3, by, t0)).next;
    expect(addAddress(aggregate, home, id(4), 3, by, t0)).to.deep.equal({ kind: 'limit_reached', limit: 3 });
  });

  it('when input arrives, then text is trimmed and the country uppercased; unknown or empty fields fail the schema', () => {
    expect(normalizeAddressInput({ ...home, city: '  London ', countryCode: 'gb' })).to.include({ city: 'London', countryCode: 'GB' });
    expect(schemaErrors(requestSchemaId('customer.address-create'), normalizeAddressInput(home))).to.deep.equal([]);
    expect(schemaErrors(requestSchemaId('customer.address-create'), { ...home, floor: 3 })).to.deep.equal([{ pointer: '/floor', detail: 'is not allowed' }]);
    expect(schemaErrors(requestSchemaId('customer.address-create'), { ...home, countryCode: 'GBR' }).map((e) => e.pointer)).to.deep.equal(['/countryCode']);
    expect(schemaErrors(requestSchemaId('customer.address-create'), { firstName: 'A' }).map((e) => e.pointer)).to.have.members(['/lastName', '/line1', '/city', '/countryCode']);
    expect(schemaErrors(requestSchemaId('customer.address-update'), {}).length).to.be.greaterThan(0);
    expect(schemaErrors(requestSchemaId('customer.address-update'), { line2: null })).to.deep.equal([]);
  });
});
