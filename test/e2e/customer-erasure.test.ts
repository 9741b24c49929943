// GDPR erasure on the customer actor's reminder (grace period 4 s in tests): scheduled, cancelled, or
// carried out — sessions end, no personal data is left in state, directory or audit, and the email
// can register again.
import { expect } from 'chai';
import { validateAgainst } from '../harness/schemas.js';
import { eventually } from '../harness/http.js';
import { customerDatabase, invoke, receivedEvents, sidecar, uniquePhone } from '../harness/clients.js';
import { bearer, introspect, loggedIn, loginRequest, PASSWORD, registeredCustomer, staffSession } from '../harness/identities.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const route = (path: string, token: string, options: { method?: string; body?: unknown } = {}) =>
  invoke('customer', 'customer', `v1/customers/${path}`, { ...options, headers: bearer(token) });

async function storedDocument(id: string): Promise<string> {
  const { rows } = await customerDatabase().query<{ value: string }>(`SELECT convert_from(value, 'UTF8') AS value FROM agg_state WHERE key = $1`, [`customer||customer:${id}`]);
  return rows[0]?.value ?? '';
}

describe('GDPR erasure (POST/DELETE /v1/customers/{id}/erasure)', () => {
  it('when a customer asks for erasure, then after the grace period no personal data is left anywhere and the email can register again', async function () {
    this.timeout(90_000);
    const phone = uniquePhone();
    const email = `erase.${Date.now().toString(36)}@example.com`;
    const registered = await invoke('customer', 'customer', 'v1/customers', { method: 'POST', body: { email, password: PASSWORD, firstName: 'Erasmus', lastName: 'Rotterdam', phone } });
    expect(registered.status).to.equal(201);
    const id = registered.body.id;
    const session = await loggedIn(email);
    expect((await route(`${id}/addresses`, session.accessToken, { method: 'POST', body: { firstName: 'Erasmus', lastName: 'Rotterdam', line1: 'Grote Kerkplein 1', city: 'Rotterdam', countryCode: 'NL' } })).status).to.equal(201);

    const asked = await route(`${id}/erasure`, session.accessToken, { method: 'POST' });
    expect(asked.status, asked.text).to.equal(202);
    expect(Date.parse(asked.body.scheduledFor) - Date.now()).to.be.within(0, 5_000);
    expect((await route(id, session.accessToken)).body.status).to.equal('pending_deletion');
    expect((await route(`${id}/erasure`, session.accessToken, { method: 'POST' })).body).to.deep.equal(asked.body);
    // The reminder repeats until the erasure is done, so a delivery the scheduler gave up on is not the end of it.
    const reminder = await sidecar('customer', `/v1.0/actors/CustomerActor/${id}/reminders/erasure`);
    expect(reminder.status, reminder.text).to.equal(200);
    expect(reminder.body.period, reminder.text).to.be.a('string').and.not.equal('');

    const [deleted] = await eventually('customer.deleted (erasure)', () => receivedEvents('customer.deleted', id), (found) => found.length > 0, 60_000);
    expect(validateAgainst('events/customer.deleted.json', deleted!.event.data)).to.deep.equal([]);
    expect(deleted!.event.data).to.include({ customerId: id, reason: 'erasure' });
    expect(await introspect(session.accessToken)).to.deep.equal({ active: false });
    await eventually('the erasure reminder to be removed', () => sidecar('customer', `/v1.0/actors/CustomerActor/${id}/reminders/erasure`), (r) => r.status !== 200);
    expect((await loginRequest(email)).status).to.equal(401);
    expect((await route(id, session.accessToken)).status).to.equal(401);

    const document = await storedDocument(id);
    expect(document).to.include('"erasedAt"');
    for (const personal of [email, 'Erasmus', 'Rotterdam', phone, 'Grote Kerkplein', 'scrypt']) expect(document, personal).not.to.include(personal);

    const directory = await eventually(
      'the directory to show the erasure',
      async () => (await customerDatabase().query(`SELECT email, first_name, last_name, phone, status FROM directory.customers WHERE id = $1`, [id])).rows[0],
      (row) => row?.status === 'deleted',
    );
    expect(JSON.stringify(directory)).not.to.match(/Erasmus|Rotterdam/);
    expect(directory.phone).to.equal(null);
    const audit = await eventually(
      'the audit to be scrubbed',
      async () => JSON.stringify((await customerDatabase().query(`SELECT action, changes FROM directory.audit_log WHERE customer_id = $1`, [id])).rows),
      (text) => text.includes('customer.deleted') && !text.includes('E•••'),
    );
    expect(audit).not.to.match(/E•••|R•••|G•••|•••\d{4}|@example\.com/);
    expect(audit).to.include('pending_deletion');

    await sleep(2_000);
    expect(await receivedEvents('customer.deleted', id)).to.have.length(1);
    const again = await invoke('customer', 'customer', 'v1/customers', { method: 'POST', body: { email, password: PASSWORD, firstName: 'New', lastName: 'Person', phone } });
    expect(again.status, again.text).to.equal(201);
    expect(again.body.id).not.to.equal(id);
  });

  it('when the erasure is cancelled within the grace period, then the customer stays intact in its earlier status', async function () {
    this.timeout(60_000);
    const customer = await registeredCustomer('keepme');
    const session = await loggedIn(customer.email);
    expect((await route(`${customer.id}/erasure`, session.accessToken, { method: 'POST' })).status).to.equal(202);
    const cancelled = await route(`${customer.id}/erasure`, session.accessToken, { method: 'DELETE' });
    expect(cancelled.status, cancelled.text).to.equal(200);
    expect(cancelled.body).to.include({ id: customer.id, status: 'active', lastName: 'keepme' });
    const again = await route(`${customer.id}/erasure`, session.accessToken, { method: 'DELETE' });
    expect(again.status).to.equal(409);
    expect(again.body.code).to.equal('erasure_not_scheduled');

    await sleep(7_000);
    const after = await route(customer.id, session.accessToken);
    expect(after.status).to.equal(200);
    expect(after.body).to.include({ email: customer.email, status: 'active', lastName: 'keepme' });
    expect((await introspect(session.accessToken)).active).to.equal(true);
    expect(await receivedEvents('customer.deleted', customer.id)).to.deep.equal([]);
    const [scheduled] = await receivedEvents('customer.erasure.scheduled', customer.id);
    const [cancelledEvent] = await receivedEvents('customer.erasure.cancelled', customer.id);
    expect(validateAgainst('events/customer.erasure.scheduled.json', scheduled!.event.data)).to.deep.equal([]);
    expect(cancelledEvent!.event.data).to.include({ customerId: customer.id, restoredStatus: 'active' });
  });

  it('when a customer pending erasure signs in again, then the answer says when it runs and that session can cancel it', async function () {
    this.timeout(60_000);
    const customer = await registeredCustomer('comeback');
    const first = await loggedIn(customer.email);
    const asked = await route(`${customer.id}/erasure`, first.accessToken, { method: 'POST' });
    expect(asked.status).to.equal(202);
    // Their sessions end (here: they sign out); the grace period is 4 s in tests.
    expect((await invoke('auth', 'auth', 'v1/auth/logout', { method: 'POST', headers: bearer(first.accessToken), body: {} })).status).to.equal(204);
    const again = await loginRequest(customer.email, PASSWORD);
    expect(again.status, again.text).to.equal(200);
    expect(again.body.erasureScheduledFor).to.equal(asked.body.scheduledFor);
    const cancelled = await route(`${customer.id}/erasure`, again.body.accessToken, { method: 'DELETE' });
    expect(cancelled.status, cancelled.text).to.equal(200);
    expect(cancelled.body).to.include({ id: customer.id, status: 'active' });
    const [event] = await eventually('customer.erasure.cancelled', () => receivedEvents('customer.erasure.cancelled', customer.id), (found) => found.length > 0);
    expect(event!.event.data).to.include({ customerId: customer.id, restoredStatus: 'active' });
    const normal = await loginRequest(customer.email, PASSWORD);
    expect(normal.status).to.equal(200);
    expect(normal.body).not.to.have.property('erasureScheduledFor');
  });

  it('when staff schedule the erasure of a suspended customer, then that customer still cannot sign in', async function () {
    this.timeout(60_000);
    const customer = await registeredCustomer('suspended-erasure');
    const staff = await staffSession(['support']);
    expect((await route(`${customer.id}/suspend`, staff.accessToken, { method: 'POST' })).status).to.equal(200);
    expect((await route(`${customer.id}/erasure`, staff.accessToken, { method: 'POST' })).status).to.equal(202);
    const login = await loginRequest(customer.email, PASSWORD);
    expect(login.status).to.equal(403);
    expect(login.body.code).to.equal('account_disabled');
  });

  it("when someone else asks to erase a customer, then 403; an unknown customer cannot be scheduled", async () => {
    const customer = await registeredCustomer('eraseother');
    const other = await registeredCustomer('eraseintruder');
    const token = (await loggedIn(other.email)).accessToken;
    expect((await route(`${customer.id}/erasure`, token, { method: 'POST' })).status).to.equal(403);
    expect((await route(`${customer.id}/erasure`, token, { method: 'DELETE' })).status).to.equal(403);
    expect((await invoke('customer', 'customer', `v1/customers/${customer.id}/erasure`, { method: 'POST' })).status).to.equal(401);
  });
});
