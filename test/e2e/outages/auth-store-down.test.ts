// Auth while its database is down. Outage tests run last (.mocharc.integration.json): they
// disturb the runtime every test of the run shares.
import { expect } from 'chai';
import { invoke, receivedEvents, sidecar } from '../../harness/clients.js';
import { eventually } from '../../harness/http.js';
import { bearer, introspect, loggedIn, registeredCustomer } from '../../harness/identities.js';
import { runtime } from '../../harness/runtime.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('auth while its database is unreachable', () => {
  it("when auth's session store is unreachable, then introspection refuses the token with 503 and Retry-After (fail closed, but not \"inactive\"), the customer app answers 503 rather than 401, and both work again once it is back", async () => {
    const customer = await registeredCustomer('failclosed');
    const tokens = await loggedIn(customer.email);
    await runtime().authDbGate.close();
    try {
      // Auth re-reads a session at least every SESSION_CACHE_MS (500 ms); a re-read that fails is 503.
      await sleep(600);
      const refused = await invoke('auth', 'auth', 'v1/auth/introspect', { method: 'POST', body: { token: tokens.accessToken } });
      expect(refused.status, refused.text).to.equal(503);
      expect(refused.body.code).to.equal('dependency_unavailable');
      expect(Number(refused.headers.get('retry-after'))).to.be.greaterThan(0);
      expect(refused.body).to.not.have.property('active');
      // A valid session is not reported as signed out to the services that check it.
      const read = await invoke('customer', 'customer', `v1/customers/${customer.id}`, { headers: bearer(tokens.accessToken) });
      expect(read.status, read.text).to.equal(503);
    } finally {
      await runtime().authDbGate.open();
    }
    await eventually('introspection to recover', () => introspect(tokens.accessToken), (r) => r.active === true, 30_000);
    expect((await invoke('customer', 'customer', `v1/customers/${customer.id}`, { headers: bearer(tokens.accessToken) })).status).to.equal(200);
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
