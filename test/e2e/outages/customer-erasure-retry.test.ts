// Erasure waits for auth: if the sessions cannot be revoked, nothing is erased and the reminder tries
// again with backoff until it succeeds. Outage tests run last: they disturb the shared runtime.
import { expect } from 'chai';
import { eventually } from '../../harness/http.js';
import { customerDatabase, invoke, receivedEvents, scrapeMetrics } from '../../harness/clients.js';
import { bearer, introspect, loggedIn, registeredCustomer } from '../../harness/identities.js';
import { runtime } from '../../harness/runtime.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const retried = async () => Number(/customer_erasures_total\{[^}]*outcome="retried"[^}]*\} (\d+)/.exec(await scrapeMetrics('customer'))?.[1] ?? 0);

describe('GDPR erasure while auth cannot revoke sessions', () => {
  afterEach(async () => {
    await runtime().authDbGate.open();
  });

  it('when the revocation fails at the due time, then the customer stays intact, the reminder retries, and the erasure completes once auth is back', async function () {
    this.timeout(120_000);
    const customer = await registeredCustomer('eraseretry');
    const session = await loggedIn(customer.email);
    const retriesBefore = await retried();
    const asked = await invoke('customer', 'customer', `v1/customers/${customer.id}/erasure`, { method: 'POST', headers: bearer(session.accessToken) });
    expect(asked.status).to.equal(202);

    await runtime().authDbGate.close();
    await eventually('a failed erasure attempt', retried, (n) => n > retriesBefore, 30_000);
    await sleep(1_000);
    // Nothing was erased (read from the store: with auth's database down, tokens cannot be checked).
    const { rows } = await customerDatabase().query<{ value: string }>(`SELECT convert_from(value, 'UTF8') AS value FROM agg_state WHERE key = $1`, [`customer||customer:${customer.id}`]);
    expect(JSON.parse(rows[0]!.value).customer).to.include({ status: 'pending_deletion', email: customer.email });
    expect(await receivedEvents('customer.deleted', customer.id)).to.deep.equal([]);

    await runtime().authDbGate.open();
    const [deleted] = await eventually('the erasure after auth is back', () => receivedEvents('customer.deleted', customer.id), (found) => found.length > 0, 90_000);
    expect(deleted!.event.data).to.include({ reason: 'erasure' });
    await eventually('the session to be inactive', () => introspect(session.accessToken), (r) => r.active === false, 30_000);
    await sleep(2_000);
    expect(await receivedEvents('customer.deleted', customer.id)).to.have.length(1);
  });
});
