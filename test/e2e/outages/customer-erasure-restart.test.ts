// An erasure survives a restart of the customer app and its sidecar during the grace period: the
// reminder lives in the scheduler, the plan in the store. Outage tests run last: they disturb the
// shared runtime.
import { expect } from 'chai';
import { eventually } from '../../harness/http.js';
import { invoke, receivedEvents } from '../../harness/clients.js';
import { bearer, introspect, loggedIn, registeredCustomer } from '../../harness/identities.js';
import { restartApp } from '../../harness/runtime.js';

describe('GDPR erasure across a restart', () => {
  it('when the customer app and its sidecar restart during the grace period, then the erasure still happens, once', async function () {
    this.timeout(150_000);
    const customer = await registeredCustomer('eraserestart');
    const session = await loggedIn(customer.email);
    const asked = await invoke('customer', 'customer', `v1/customers/${customer.id}/erasure`, { method: 'POST', headers: bearer(session.accessToken) });
    expect(asked.status).to.equal(202);

    await restartApp('customer');

    const [deleted] = await eventually('the erasure after the restart', () => receivedEvents('customer.deleted', customer.id), (found) => found.length > 0, 120_000);
    expect(deleted!.event.data).to.include({ customerId: customer.id, reason: 'erasure' });
    expect(await introspect(session.accessToken)).to.deep.equal({ active: false });
    // The restarted app answers as before.
    const again = await invoke('customer', 'customer', 'v1/customers', { method: 'POST', body: { email: customer.email, password: 'correct horse battery', firstName: 'Back', lastName: 'Again' } });
    expect(again.status, again.text).to.equal(201);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await receivedEvents('customer.deleted', customer.id)).to.have.length(1);
  });
});
