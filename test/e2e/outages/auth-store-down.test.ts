// Auth while its database is down. Outage tests run last (.mocharc.integration.json): they
// disturb the runtime every test of the run shares.
import { expect } from 'chai';
import { receivedEvents, sidecar } from '../../harness/clients.js';
import { eventually } from '../../harness/http.js';
import { introspect, loggedIn, registeredCustomer } from '../../harness/identities.js';
import { runtime } from '../../harness/runtime.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('auth while its database is unreachable', () => {
  it("when auth's session store is unreachable, then introspection answers inactive (fail closed) as soon as its copy of the session is due for a re-read, and active again once it is back", async () => {
    const customer = await registeredCustomer('failclosed');
    const tokens = await loggedIn(customer.email);
    await runtime().authDbGate.close();
    try {
      // Auth re-reads a session at least every SESSION_CACHE_MS (500 ms); a re-read that fails is inactive.
      await sleep(600);
      expect(await introspect(tokens.accessToken)).to.deep.equal({ active: false });
    } finally {
      await runtime().authDbGate.open();
    }
    await eventually('introspection to recover', () => introspect(tokens.accessToken), (r) => r.active === true, 30_000);
  });

  it('when the safety-net handler fails (auth database down), then Dapr redelivers the event and the revocation still happens', async () => {
    const customer = await registeredCustomer('redeliver');
    const tokens = await loggedIn(customer.email);
    const now = new Date().toISOString();
    const event = { customerId: customer.id, previousStatus: 'active', status: 'inactive', customerType: 'individual', changedAt: now, occurredAt: now };

    await runtime().authDbGate.close();
    try {
      const published = await sidecar('customer', '/v1.0/publish/pubsub/customer-events?metadata.cloudevent.type=customer.status.changed', { method: 'POST', body: event });
      expect(published.status).to.equal(204);
      await sleep(3000);
    } finally {
      await runtime().authDbGate.open();
    }
    const [revoked] = await eventually('session.revoked after redelivery', () => receivedEvents('session.revoked', tokens.sessionId), (events) => events.length > 0, 45_000);
    expect(revoked!.event.data.reason).to.equal('subject_deactivated');
    expect(await introspect(tokens.accessToken)).to.deep.equal({ active: false });
  });
});
