// Clean-up without table scans: audit entries older than the retention are pruned by the singleton
// maintenance actor's reminder (every 5 s in tests), and a deleted customer keeps no pending
// verification code.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { eventually } from '../harness/http.js';
import { customerDatabase, invoke, scrapeMetrics } from '../harness/clients.js';
import { bearer, loggedIn, registeredCustomer } from '../harness/identities.js';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

describe('clean-up', () => {
  it('when audit entries are older than the retention (365 days), then the maintenance reminder prunes them and keeps the rest', async function () {
    this.timeout(60_000);
    const customerId = `pruned-${randomUUID()}`;
    const insert = (eventId: string, at: string) =>
      customerDatabase().query(
        `INSERT INTO directory.audit_log (event_id, customer_id, action, performed_by_kind, performed_by_id, occurred_at, changes) VALUES ($1, $2, 'customer.updated', 'system', 'test', $3, '[]')`,
        [eventId, customerId, at],
      );
    await insert(`${customerId}-old`, daysAgo(400));
    await insert(`${customerId}-edge`, daysAgo(366));
    await insert(`${customerId}-recent`, daysAgo(300));
    const left = await eventually(
      'the old entries to be pruned',
      async () => (await customerDatabase().query<{ event_id: string }>('SELECT event_id FROM directory.audit_log WHERE customer_id = $1 ORDER BY event_id', [customerId])).rows.map((r) => r.event_id),
      (ids) => ids.length === 1,
      30_000,
    );
    expect(left).to.deep.equal([`${customerId}-recent`]);
    const metrics = await scrapeMetrics('customer');
    const pruned = /^customer_audit_entries_pruned_total(?:\{[^}]*\})? (\d+)/m.exec(metrics);
    expect(Number(pruned?.[1]), metrics.split('\n').filter((l) => l.includes('pruned')).join('\n')).to.be.at.least(2);
  });

  it('when a customer with a pending verification code is deleted, then the code goes with the account', async () => {
    const customer = await registeredCustomer('cleanup-deleted');
    const session = await loggedIn(customer.email);
    const asked = await invoke('customer', 'customer', `v1/customers/${customer.id}/verification`, { method: 'POST', body: { channel: 'email' }, headers: bearer(session.accessToken) });
    expect(asked.status, asked.text).to.equal(202);
    const stored = async () => (await customerDatabase().query(`SELECT convert_from(value, 'UTF8')::jsonb AS doc FROM agg_state WHERE key = $1`, [`customer||customer:${customer.id}`])).rows[0].doc;
    expect((await stored()).verification.email.codeHash).to.be.a('string');
    expect((await invoke('customer', 'customer', `v1/customers/${customer.id}`, { method: 'DELETE', headers: bearer(session.accessToken) })).status).to.equal(204);
    const doc = await stored();
    expect(doc.customer.status).to.equal('deleted');
    expect(doc.verification).to.equal(undefined);
  });
});
