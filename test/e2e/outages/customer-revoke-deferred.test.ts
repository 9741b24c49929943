// A status change while auth cannot revoke: the change still commits, and its event makes auth's
// safety-net subscription revoke the sessions once auth is back. Runs with the outage tests.
import { expect } from 'chai';
import { invoke, receivedEvents, scrapeMetrics } from '../../harness/clients.js';
import { eventually } from '../../harness/http.js';
import { bearer, introspect, loggedIn, registeredCustomer } from '../../harness/identities.js';
import { runtime } from '../../harness/runtime.js';

describe('customer status change while auth cannot revoke', () => {
  it('when auth fails the synchronous revoke, then the deactivation still commits and the safety net ends the session once auth is back', async () => {
    const customer = await registeredCustomer('deferred');
    const tokens = await loggedIn(customer.email);
    const me = () => invoke('customer', 'customer', 'v1/customers/me', { headers: bearer(tokens.accessToken) });
    // Prime the customer app's short introspection cache, so the request below is admitted while
    // auth's store is down (auth itself would answer inactive: it fails closed).
    expect((await me()).status).to.equal(200);

    await runtime().authDbGate.close();
    let status: number;
    try {
      const res = await invoke('customer', 'customer', `v1/customers/${customer.id}/deactivate`, { method: 'POST', headers: bearer(tokens.accessToken) });
      status = res.status;
      expect(res.body).to.include({ status: 'inactive' });
    } finally {
      await runtime().authDbGate.open();
    }
    expect(status).to.equal(200);
    const metrics = await scrapeMetrics('customer');
    expect(metrics).to.match(/customer_session_revocations_total\{[^}]*outcome="deferred"[^}]*\} [1-9]/);

    const [revoked] = await eventually('session.revoked from the safety net', () => receivedEvents('session.revoked', tokens.sessionId), (events) => events.length > 0, 45_000);
    expect(revoked!.event.data.reason).to.equal('subject_deactivated');
    expect(await introspect(tokens.accessToken)).to.deep.equal({ active: false });
  });
});
