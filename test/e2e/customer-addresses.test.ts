// A customer's address book through the customer app's sidecar: CRUD, one default shipping and one
// default billing address, the cap, and customer.address.created|updated|deleted through the outbox.
import { expect } from 'chai';
import { validateAgainst } from '../harness/schemas.js';
import { eventually } from '../harness/http.js';
import { invoke, receivedEvents } from '../harness/clients.js';
import { bearer, loggedIn, registeredCustomer } from '../harness/identities.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const route = (path: string, token: string, options: { method?: string; body?: unknown } = {}) =>
  invoke('customer', 'customer', `v1/customers/${path}`, { ...options, headers: bearer(token) });
const home = { label: 'Home', firstName: 'Somchai', lastName: 'Jaidee', line1: ' 99/1 Sukhumvit Rd ', city: 'Bangkok', postalCode: '10110', countryCode: 'th', phone: '+66 81 234 5678' };

async function customerEvents(type: string, customerId: string, count: number) {
  const events = await eventually(type, () => receivedEvents(type, customerId), (found) => found.length >= count);
  for (const { event } of events) expect(validateAgainst(`events/${type}.json`, event.data), type).to.deep.equal([]);
  return events.map((e) => e.event.data);
}

describe('customer addresses (/v1/customers/{id}/addresses)', () => {
  it('when a customer adds, changes and deletes addresses, then defaults stay unique and each change arrives once as its event', async () => {
    const customer = await registeredCustomer('addr');
    const { accessToken } = await loggedIn(customer.email);
    expect((await route(`${customer.id}/addresses`, accessToken)).body).to.deep.equal({ items: [] });

    const created = await route(`${customer.id}/addresses`, accessToken, { method: 'POST', body: home });
    expect(created.status, created.text).to.equal(201);
    const first = created.body;
    expect(first).to.include({ line1: '99/1 Sukhumvit Rd', countryCode: 'TH', phone: '+66812345678', isDefaultShipping: true, isDefaultBilling: true, line2: null });
    expect(created.headers.get('location')).to.equal(`/v1/customers/${customer.id}/addresses/${first.id}`);

    const office = (await route(`${customer.id}/addresses`, accessToken, { method: 'POST', body: { ...home, label: 'Office', line1: '1 Silom Rd', isDefaultBilling: true } })).body;
    expect(office).to.include({ isDefaultShipping: false, isDefaultBilling: true });
    expect((await route(`${customer.id}/addresses/${first.id}`, accessToken)).body).to.include({ isDefaultShipping: true, isDefaultBilling: false });

    const patched = await route(`${customer.id}/addresses/${office.id}`, accessToken, { method: 'PATCH', body: { line2: 'Floor 12', isDefaultShipping: true } });
    expect(patched.status, patched.text).to.equal(200);
    expect(patched.body).to.include({ line2: 'Floor 12', isDefaultShipping: true, isDefaultBilling: true });
    const listed = (await route(`${customer.id}/addresses`, accessToken)).body.items;
    expect(listed.map((a: { id: string; isDefaultShipping: boolean }) => [a.id, a.isDefaultShipping])).to.deep.equal([[first.id, false], [office.id, true]]);

    expect((await route(`${customer.id}/addresses/${office.id}`, accessToken, { method: 'DELETE' })).status).to.equal(204);
    expect((await route(`${customer.id}/addresses/${office.id}`, accessToken)).status).to.equal(404);
    const again = await route(`${customer.id}/addresses/${office.id}`, accessToken, { method: 'DELETE' });
    expect(again.status).to.equal(404);
    expect(again.body.code).to.equal('address_not_found');

    const createdEvents = await customerEvents('customer.address.created', customer.id, 2);
    expect(createdEvents.map((e) => [e.address.id, e.defaultShippingAddressId, e.defaultBillingAddressId])).to.have.deep.members([
      [first.id, first.id, first.id],
      [office.id, first.id, office.id],
    ]);
    expect(createdEvents[0]!.performedBy).to.deep.equal({ kind: 'customer', id: customer.id });
    const [updated] = await customerEvents('customer.address.updated', customer.id, 1);
    expect(updated).to.deep.include({ changed: ['line2', 'isDefaultShipping'], defaultShippingAddressId: office.id, defaultBillingAddressId: office.id });
    const [deleted] = await customerEvents('customer.address.deleted', customer.id, 1);
    expect(deleted).to.include({ addressId: office.id, defaultShippingAddressId: null, defaultBillingAddressId: null });

    // A patch that changes nothing writes nothing.
    expect((await route(`${customer.id}/addresses/${first.id}`, accessToken, { method: 'PATCH', body: { city: 'Bangkok' } })).status).to.equal(200);
    await sleep(2500);
    expect(await receivedEvents('customer.address.updated', customer.id)).to.have.length(1);
    expect(await receivedEvents('customer.address.created', customer.id)).to.have.length(2);
  });

  it('when bodies are wrong, the book is full, or the record is another customer\'s, then 400, 409 or 403 and nothing is written', async () => {
    const customer = await registeredCustomer('addrbad');
    const other = await registeredCustomer('addrother');
    const { accessToken } = await loggedIn(customer.email);
    const otherToken = (await loggedIn(other.email)).accessToken;

    const cases: [unknown, string[]][] = [
      [{ ...home, countryCode: 'Thailand' }, ['/countryCode']],
      [{ ...home, phone: '12' }, ['/phone']],
      [{ ...home, floor: 3 }, ['/floor']],
      [{ firstName: 'A', lastName: 'B' }, ['/line1', '/city', '/countryCode']],
      [{ ...home, city: '   ' }, ['/city']],
    ];
    for (const [body, pointers] of cases) {
      const res = await route(`${customer.id}/addresses`, accessToken, { method: 'POST', body });
      expect(res.status, JSON.stringify(body)).to.equal(400);
      expect(res.body.code).to.equal('validation_failed');
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).to.include.members(pointers);
    }
    const created = (await route(`${customer.id}/addresses`, accessToken, { method: 'POST', body: home })).body;
    expect((await route(`${customer.id}/addresses/${created.id}`, accessToken, { method: 'PATCH', body: {} })).status).to.equal(400);
    expect((await route(`${customer.id}/addresses/${created.id}`, accessToken, { method: 'PATCH', body: { isDefaultBilling: 'yes' } })).status).to.equal(400);
    expect((await route(`${customer.id}/addresses/not-an-id`, accessToken)).status).to.equal(404);

    expect((await route(`${customer.id}/addresses`, otherToken)).status).to.equal(403);
    expect((await route(`${customer.id}/addresses`, otherToken, { method: 'POST', body: home })).status).to.equal(403);
    expect((await route(`${customer.id}/addresses/${created.id}`, otherToken, { method: 'DELETE' })).status).to.equal(403);
    expect((await invoke('customer', 'customer', `v1/customers/${customer.id}/addresses`)).status).to.equal(401);

    // The default cap is 20: fill the book, then one more is refused.
    for (let n = 2; n <= 20; n += 1) {
      const res = await route(`${customer.id}/addresses`, accessToken, { method: 'POST', body: { ...home, label: `#${n}` } });
      expect(res.status, res.text).to.equal(201);
    }
    const full = await route(`${customer.id}/addresses`, accessToken, { method: 'POST', body: home });
    expect(full.status).to.equal(409);
    expect(full.body).to.include({ code: 'address_limit_reached', limit: 20 });
    expect((await route(`${customer.id}/addresses`, accessToken)).body.items).to.have.length(20);
    await customerEvents('customer.address.created', customer.id, 20);
    await sleep(1500);
    expect(await receivedEvents('customer.address.created', customer.id)).to.have.length(20);
  });
});
