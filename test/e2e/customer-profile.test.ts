// The customer's own record after registration: who may touch it, profile updates with their
// index moves (email, phone), and phone uniqueness — through the customer app's sidecar.
import { expect } from 'chai';
import { validateAgainst } from '../harness/schemas.js';
import { eventually } from '../harness/http.js';
import { invoke, receivedEvents, uniqueEmail, uniquePhone } from '../harness/clients.js';
import { bearer, loggedIn, loginRequest, PASSWORD, registeredCustomer } from '../harness/identities.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const customerRoute = (path: string, token: string | undefined, options: { method?: string; body?: unknown } = {}) =>
  invoke('customer', 'customer', `v1/customers/${path}`, { ...options, headers: token ? bearer(token) : {} });
const register = (body: Record<string, unknown>) =>
  invoke('customer', 'customer', 'v1/customers', { method: 'POST', body: { password: PASSWORD, firstName: 'Test', lastName: 'Profile', ...body } });

async function signedInCustomer(tag: string) {
  const customer = await registeredCustomer(tag);
  const { accessToken } = await loggedIn(customer.email);
  return { ...customer, token: accessToken };
}

describe('access to a customer record', () => {
  it('when no bearer token is sent, then every route but registration answers 401 problem+json', async () => {
    const { id } = await registeredCustomer('anonymous');
    const calls = [
      customerRoute(id, undefined),
      customerRoute(id, undefined, { method: 'PATCH', body: { firstName: 'X' } }),
      customerRoute(id, undefined, { method: 'DELETE' }),
      customerRoute(`${id}/deactivate`, undefined, { method: 'POST' }),
      customerRoute('me', undefined),
      invoke('customer', 'customer', `v1/customers?email=${encodeURIComponent('a@example.com')}`),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).to.equal(401);
      expect(res.headers.get('content-type')).to.match(/application\/problem\+json/);
      expect(res.body.code).to.equal('unauthorized');
    }
  });

  it("when a customer touches another customer's record, existing or not, then 403 and the record is unchanged", async () => {
    const victim = await signedInCustomer('victim');
    const intruder = await signedInCustomer('intruder');
    for (const target of [victim.id, '00000000-0000-4000-8000-000000000000']) {
      const calls = [
        customerRoute(target, intruder.token),
        customerRoute(target, intruder.token, { method: 'PATCH', body: { firstName: 'Mallory' } }),
        customerRoute(target, intruder.token, { method: 'DELETE' }),
        customerRoute(`${target}/deactivate`, intruder.token, { method: 'POST' }),
      ];
      for (const res of await Promise.all(calls)) {
        expect(res.status).to.equal(403);
        expect(res.body.code).to.equal('forbidden');
      }
    }
    const own = await customerRoute(victim.id, victim.token);
    expect(own.status).to.equal(200);
    expect(own.body).to.include({ firstName: 'Test', status: 'active' });
  });

  it('when a customer tries to activate or suspend their own account, or to look customers up, then 403: those are for admins', async () => {
    const customer = await signedInCustomer('moderator');
    for (const action of ['activate', 'suspend']) {
      expect((await customerRoute(`${customer.id}/${action}`, customer.token, { method: 'POST' })).status).to.equal(403);
    }
    const lookup = await invoke('customer', 'customer', `v1/customers?email=${encodeURIComponent(customer.email)}`, { headers: bearer(customer.token) });
    expect(lookup.status).to.equal(403);
    expect((await customerRoute(customer.id, customer.token)).body.status).to.equal('active');
  });
});

describe('customer profile update (PATCH /v1/customers/{id})', () => {
  it('when a customer changes names and email, then the record changes, the new email signs in, the old one is free, and customer.updated arrives once', async () => {
    const customer = await signedInCustomer('mover');
    const newEmail = uniqueEmail('moved');
    const res = await customerRoute(customer.id, customer.token, { method: 'PATCH', body: { firstName: ' Augusta ', email: newEmail.toUpperCase() } });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.include({ id: customer.id, firstName: 'Augusta', email: newEmail, emailVerified: false, status: 'active' });
    expect((await customerRoute(customer.id, customer.token)).body).to.deep.equal(res.body);

    const [delivered] = await eventually('customer.updated', () => receivedEvents('customer.updated', customer.id), (events) => events.length > 0);
    expect(delivered!.event.type).to.equal('customer.updated');
    expect(validateAgainst('events/customer.updated.json', delivered!.event.data)).to.deep.equal([]);
    // Version 1 is the registration, 2 its default segments.
    expect(delivered!.event.data).to.deep.include({ customerId: customer.id, changes: { firstName: 'Augusta', email: newEmail }, version: 3 });

    expect((await loginRequest(newEmail)).status).to.equal(200);
    expect((await loginRequest(customer.email)).status).to.equal(401);
    expect((await register({ email: customer.email })).status).to.equal(201);
    await sleep(1500);
    expect(await receivedEvents('customer.updated', customer.id)).to.have.length(1);
  });

  it('when a PATCH repeats the current values, then 200 with the record as it is, and no event', async () => {
    const customer = await signedInCustomer('same');
    const res = await customerRoute(customer.id, customer.token, { method: 'PATCH', body: { firstName: 'Test', email: customer.email } });
    expect(res.status).to.equal(200);
    expect(res.body.createdAt).to.equal(res.body.updatedAt);
    await sleep(2500);
    expect(await receivedEvents('customer.updated', customer.id)).to.have.length(0);
  });

  it('when the body carries a status, then 422 status_not_updatable and nothing changes', async () => {
    const customer = await signedInCustomer('sneaky');
    const res = await customerRoute(customer.id, customer.token, { method: 'PATCH', body: { firstName: 'Eve', status: 'active' } });
    expect(res.status).to.equal(422);
    expect(res.body).to.include({ code: 'status_not_updatable', status: 422 });
    expect((await customerRoute(customer.id, customer.token)).body.firstName).to.equal('Test');
  });

  it('when the body is invalid (unknown field, empty, bad email, impossible phone), then 400 with errors[] and nothing changes', async () => {
    const customer = await signedInCustomer('invalid');
    const cases: [unknown, string][] = [
      [{ nickname: 'x' }, '/nickname'],
      [{}, ''],
      [{ email: 'not-an-email' }, '/email'],
      [{ phone: '+1 000 000 0000' }, '/phone'],
      [{ firstName: '   ' }, '/firstName'],
    ];
    for (const [body, pointer] of cases) {
      const res = await customerRoute(customer.id, customer.token, { method: 'PATCH', body });
      expect(res.status, JSON.stringify(body)).to.equal(400);
      expect(res.body.code).to.equal('validation_failed');
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).to.include(pointer);
    }
    const unchanged = (await customerRoute(customer.id, customer.token)).body;
    expect(unchanged).to.include({ email: customer.email, firstName: 'Test', phone: null });
    expect(unchanged.createdAt).to.equal(unchanged.updatedAt);
  });

  it('when the new email or phone belongs to another customer, then 409 email_taken or phone_taken and nothing changes', async () => {
    const phone = uniquePhone();
    const holder = await register({ email: uniqueEmail('holder'), phone });
    expect(holder.status).to.equal(201);
    const customer = await signedInCustomer('wants');

    const email = await customerRoute(customer.id, customer.token, { method: 'PATCH', body: { email: holder.body.email, firstName: 'Changed' } });
    expect(email.status).to.equal(409);
    expect(email.body.code).to.equal('email_taken');
    const taken = await customerRoute(customer.id, customer.token, { method: 'PATCH', body: { phone } });
    expect(taken.status).to.equal(409);
    expect(taken.body.code).to.equal('phone_taken');
    expect((await customerRoute(customer.id, customer.token)).body).to.include({ email: customer.email, firstName: 'Test', phone: null });
  });
});

describe('phone uniqueness', () => {
  it('when 20 registrations with one phone number race, then exactly one gets 201 and 19 get 409 phone_taken', async () => {
    const phone = uniquePhone();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => register({ email: uniqueEmail(`phonerace${i}`), phone })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).to.have.length(1);
    expect(statuses.filter((s) => s === 409)).to.have.length(19);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'phone_taken')).to.equal(true);
  });

  it('when a customer adds a phone and later removes it, then the number is theirs alone meanwhile and free again after', async () => {
    const customer = await signedInCustomer('phoneholder');
    const phone = uniquePhone();
    const added = await customerRoute(customer.id, customer.token, { method: 'PATCH', body: { phone: `${phone.slice(0, 5)} ${phone.slice(5)}` } });
    expect(added.status, JSON.stringify(added.body)).to.equal(200);
    expect(added.body).to.include({ phone, phoneVerified: false });
    expect((await register({ email: uniqueEmail('phonecopy'), phone })).status).to.equal(409);

    const removed = await customerRoute(customer.id, customer.token, { method: 'PATCH', body: { phone: null } });
    expect(removed.status).to.equal(200);
    expect(removed.body.phone).to.equal(null);
    expect((await register({ email: uniqueEmail('phonenext'), phone })).status).to.equal(201);
  });
});
