// The first journey: register a customer through the customer app's sidecar; its state and its
// customer.created event are written in one outbox transaction; auth and another subscriber receive
// the event.
import { expect } from 'chai';
import { validateAgainst } from '../harness/schemas.js';
import { eventually } from '../harness/http.js';
import { invoke, receivedEvents, sidecar, storedCustomersWithEmail, uniqueEmail, uniquePhone, customerDatabase } from '../harness/clients.js';
import { bearer, loggedIn } from '../harness/identities.js';

const registration = (email: string) => ({ email, password: 'correct horse battery', firstName: 'Ada', lastName: 'Lovelace' });
const register = (body: unknown) => invoke('customer', 'customer', 'v1/customers', { method: 'POST', body });

describe('customer registration (POST /v1/customers)', () => {
  it('when a customer registers, then 201 returns the customer and GET returns the same without secrets', async () => {
    const email = uniqueEmail('journey');
    const phone = uniquePhone();
    // Written nationally-formatted with spaces: stored as E.164.
    const created = await register({ ...registration(email.toUpperCase()), phone: `${phone.slice(0, 2)} (${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`, customerType: 'Business' });

    expect(created.status).to.equal(201);
    expect(created.body).to.include({ email, status: 'active', customerType: 'business', firstName: 'Ada', lastName: 'Lovelace', phone });
    expect(created.body.id).to.match(/^[0-9a-f-]{36}$/);
    expect(created.headers.get('location')).to.equal(`/v1/customers/${created.body.id}`);
    expect(created.text).not.to.match(/password|scrypt/i);

    const { accessToken } = await loggedIn(email);
    const read = await invoke('customer', 'customer', `v1/customers/${created.body.id}`, { headers: bearer(accessToken) });
    expect(read.status).to.equal(200);
    expect(read.body).to.deep.equal(created.body);
  });

  it('when a customer registers, then the store holds customer, profile and preferences with only a scrypt hash of the password', async () => {
    const email = uniqueEmail('stored');
    const created = await register(registration(email));
    expect(created.status).to.equal(201);

    const { rows } = await customerDatabase().query<{ doc: any }>(
      `SELECT convert_from(value, 'UTF8')::jsonb AS doc FROM agg_state WHERE key = $1`,
      [`customer||customer:${created.body.id}`],
    );
    expect(rows).to.have.length(1);
    const doc = rows[0]!.doc;
    expect(doc.customer).to.include({ id: created.body.id, email, status: 'active' });
    expect(doc.profile).to.include({ firstName: 'Ada', lastName: 'Lovelace' });
    expect(doc.preferences).to.include({ marketingEmailOptIn: false, marketingSmsOptIn: false });
    expect(doc.credentials.passwordHash).to.match(/^scrypt\$/);
    expect(JSON.stringify(doc)).not.to.include('correct horse battery');
  });

  it('when a customer registers, then customer.created reaches auth exactly once and another subscriber with a schema-valid payload', async () => {
    const email = uniqueEmail('event');
    const created = await register(registration(email));
    expect(created.status).to.equal(201);
    const customerId: string = created.body.id;

    const delivered = await eventually('the subscriber to receive customer.created', () => receivedEvents('customer.created', customerId), (events) => events.length > 0);
    const { event } = delivered[0]!;
    expect(event.type).to.equal('customer.created');
    expect(event.id).to.match(/^outbox-/);
    expect(validateAgainst('events/customer.created.json', event.data)).to.deep.equal([]);
    expect(event.data).to.include({ customerId, email, firstName: 'Ada', lastName: 'Lovelace', phone: null, customerType: 'individual', status: 'active' });
    expect(JSON.stringify(event.data)).not.to.match(/password|scrypt/i);

    const log = await eventually(
      'auth to record customer.created',
      async () => (await sidecar('auth', `/v1.0/actors/SubjectActor/customer:${customerId}/state/identityEvents`)).body,
      (body) => Array.isArray(body?.events) && body.events.length > 0,
    );
    // Give a redelivery time to show up before asserting "once".
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const settled = (await sidecar('auth', `/v1.0/actors/SubjectActor/customer:${customerId}/state/identityEvents`)).body;
    expect(settled.events).to.have.length(1);
    expect(settled.events[0]).to.include({ id: event.id, type: 'customer.created' });
    expect(log.events[0].id).to.equal(event.id);
    expect(await receivedEvents('customer.created', customerId)).to.have.length(1);
  });

  it('when the email has characters that are valid but unusual (slash, plus, apostrophe), then it registers and is unique like any other', async () => {
    const email = `o'brien/${uniqueEmail('odd').replace('@', '+tag@')}`;
    const created = await register(registration(email));
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body.email).to.equal(email);
    expect((await register(registration(email))).status).to.equal(409);
  });

  it('when the email is already registered (in any letter case), then 409 problem+json with code email_taken', async () => {
    const email = uniqueEmail('dup');
    expect((await register(registration(email))).status).to.equal(201);

    const again = await register(registration(email.toUpperCase()));
    expect(again.status).to.equal(409);
    expect(again.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(again.body).to.include({ status: 409, code: 'email_taken', title: 'Conflict' });
    expect(await storedCustomersWithEmail(email)).to.equal(1);
  });

  it('when 20 registrations of one email race, then exactly one gets 201 and 19 get 409', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.all(Array.from({ length: 20 }, () => register(registration(email))));
    const statuses = results.map((r) => r.status).sort();

    expect(statuses.filter((s) => s === 201)).to.have.length(1);
    expect(statuses.filter((s) => s === 409)).to.have.length(19);
    expect(await storedCustomersWithEmail(email)).to.equal(1);
    const winner = results.find((r) => r.status === 201)!.body.id as string;
    await eventually('one customer.created for the email', () => receivedEvents('customer.created', email), (events) => events.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const events = await receivedEvents('customer.created', email);
    expect(events.map((e) => e.event.data.customerId)).to.deep.equal([winner]);
  });

  it('when a registration with an Idempotency-Key is sent again (or twice at once), then every answer is the same 201 and one customer exists', async () => {
    const email = uniqueEmail('idem');
    const key = `idem-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    const send = (body = registration(email), idempotencyKey = key) =>
      invoke('customer', 'customer', 'v1/customers', { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey } });
    const [first, concurrent] = await Promise.all([send(), send()]);
    const retried = await send();
    for (const res of [first, concurrent, retried]) {
      expect(res.status, res.text).to.equal(201);
      expect(res.body.id).to.equal(first.body.id);
    }
    expect(await storedCustomersWithEmail(email)).to.equal(1);
    // The key does not bypass uniqueness: another password, or no key, is another registration.
    expect((await send({ ...registration(email), password: 'a different password' })).status).to.equal(409);
    expect((await register(registration(email))).status).to.equal(409);
    expect((await send(registration(email), 'short')).status).to.equal(400);
    await eventually('customer.created', () => receivedEvents('customer.created', first.body.id), (events) => events.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await receivedEvents('customer.created', first.body.id)).to.have.length(1);
  });

  it('when the body is invalid, then 400 problem+json lists every failing field in errors[] and nothing is written', async () => {
    const email = uniqueEmail('invalid');
    const res = await register({ email: 'not-an-email', password: 'short', firstName: '', customerType: 'alien', extra: 1 });

    expect(res.status).to.equal(400);
    expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(res.body.code).to.equal('validation_failed');
    const pointers = (res.body.errors as { pointer: string }[]).map((e) => e.pointer).sort();
    expect(pointers).to.include.members(['/email', '/password', '/firstName', '/lastName', '/customerType', '/extra']);
    expect(await storedCustomersWithEmail(email)).to.equal(0);
  });

  it('when the body is not JSON, or not an object, then 400 problem+json, never a 500', async () => {
    const malformed = await register('{"email": ');
    expect(malformed.status).to.equal(400);

    const raw = await invoke('customer', 'customer', 'v1/customers', { method: 'POST', rawBody: '{"email": ' });
    expect(raw.status).to.equal(400);
    expect(raw.body.code).to.equal('malformed_body');

    const array = await register([1, 2, 3]);
    expect(array.status).to.equal(400);
    expect(array.body.code).to.equal('validation_failed');
  });
});
