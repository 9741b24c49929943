// No state without its event: when the outbox's pub/sub is down, registration is refused with 503
// and nothing is written; once it is back, the same email registers normally.
// Outage tests run last (.mocharc.integration.json): daprd's Redis client can take a while to
// recover its pool after the outage, and the runtime is shared by every test of the run.
import { expect } from 'chai';
import { invoke, storedCustomersWithEmail, uniqueEmail } from '../../harness/clients.js';
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
});
