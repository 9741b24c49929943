// No state without its event: when the outbox's pub/sub is down, registration is refused with 503
// and nothing is written; once it is back, the same email registers normally.
// Outage tests run last (.mocharc.integration.json): daprd's Redis client can take a while to
// recover its pool after the outage, and the runtime is shared by every test of the run.
import { expect } from 'chai';
import { invoke, receivedEvents, storedCustomersWithEmail, uniqueEmail } from '../../harness/clients.js';
import { bearer, loggedIn, registeredCustomer } from '../../harness/identities.js';
import { runtime } from '../../harness/runtime.js';

const registration = (email: string) => ({ email, password: 'correct horse battery', firstName: 'Grace', lastName: 'Hopper' });

describe('customer registration while the event bus is down', () => {
  afterEach(async () => {
    await runtime().outboxGate.open();
  });

  it('when the outbox pub/sub is unreachable, then 503 with Retry-After, nothing is written, and the email stays free', async () => {
    const email = uniqueEmail('busdown');
    await runtime().outboxGate.close();

    const refused = await invoke('customer', 'customer', 'v1/customers', { method: 'POST', body: registration(email) });
    expect(refused.status).to.equal(503);
    expect(refused.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(refused.body.code).to.equal('event_bus_unavailable');
    expect(Number(refused.headers.get('retry-after'))).to.be.greaterThan(0);
    expect(await storedCustomersWithEmail(email)).to.equal(0);

    await runtime().outboxGate.open();
    let accepted = await invoke('customer', 'customer', 'v1/customers', { method: 'POST', body: registration(email) });
    // The Redis client reconnects on its own schedule; a 503 here is the same honest answer again.
    for (let i = 0; i < 20 && accepted.status === 503; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      accepted = await invoke('customer', 'customer', 'v1/customers', { method: 'POST', body: registration(email) });
    }
    expect(accepted.status).to.equal(201);
    expect(await storedCustomersWithEmail(email)).to.equal(1);
  });

  it('when a customer changes their record while the bus is down, then 503, the record and the new email are untouched, and the retry later publishes once', async () => {
    const customer = await registeredCustomer('busdownpatch');
    const { accessToken } = await loggedIn(customer.email);
    const patch = (body: unknown) => invoke('customer', 'customer', `v1/customers/${customer.id}`, { method: 'PATCH', body, headers: bearer(accessToken) });
    const newEmail = uniqueEmail('busdownmoved');
    await runtime().outboxGate.close();

    const refused = await patch({ lastName: 'Changed', email: newEmail });
    expect(refused.status).to.equal(503);
    expect(refused.body.code).to.equal('event_bus_unavailable');
    const address = await invoke('customer', 'customer', `v1/customers/${customer.id}/addresses`, {
      method: 'POST',
      body: { firstName: 'A', lastName: 'B', line1: '1 Main St', city: 'Springfield', countryCode: 'US' },
      headers: bearer(accessToken),
    });
    expect(address.status).to.equal(503);
    const unchanged = await invoke('customer', 'customer', `v1/customers/${customer.id}`, { headers: bearer(accessToken) });
    expect(unchanged.body).to.include({ email: customer.email, lastName: 'busdownpatch' });
    expect((await invoke('customer', 'customer', `v1/customers/${customer.id}/addresses`, { headers: bearer(accessToken) })).body.items).to.deep.equal([]);

    await runtime().outboxGate.open();
    let accepted = await patch({ lastName: 'Changed', email: newEmail });
    for (let i = 0; i < 20 && accepted.status === 503; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      accepted = await patch({ lastName: 'Changed', email: newEmail });
    }
    expect(accepted.status, accepted.text).to.equal(200);
    expect(accepted.body).to.include({ email: newEmail, lastName: 'Changed' });
    const updates = async () => (await receivedEvents('customer.updated', customer.id)).length;
    for (let i = 0; i < 40 && (await updates()) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 500));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await updates()).to.equal(1);
  });
});
