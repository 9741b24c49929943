// The audit log and the directory read model, fed by the customer app's own events: who did what and
// when, personal data masked, newest first with keyset pages; a redelivered event is recorded once.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { eventually } from '../harness/http.js';
import { customerDatabase, invoke, sidecar } from '../harness/clients.js';
import { bearer, loggedIn, registeredCustomer } from '../harness/identities.js';

const route = (path: string, token: string, options: { method?: string; body?: unknown } = {}) =>
  invoke('customer', 'customer', `v1/customers/${path}`, { ...options, headers: bearer(token) });

const auditOf = async (id: string, token: string, query = '') => route(`${id}/audit${query}`, token);

async function auditSettles(id: string, token: string, count: number): Promise<any[]> {
  return eventually(`${count} audit entries`, async () => (await auditOf(id, token, '?limit=100')).body.items ?? [], (items: unknown[]) => items.length >= count);
}

describe('customer audit log (GET /v1/customers/{id}/audit) and directory', () => {
  it('when a customer changes their record, then each change is audited once, masked, newest first, in keyset pages', async () => {
    const customer = await registeredCustomer('audit');
    const { accessToken } = await loggedIn(customer.email);
    expect((await route(customer.id, accessToken, { method: 'PATCH', body: { firstName: 'Grace', email: `new.${customer.email}` } })).status).to.equal(200);
    const prefs = { marketingEmailOptIn: true, marketingSmsOptIn: false, language: 'en' };
    expect((await route(`${customer.id}/preferences`, accessToken, { method: 'PUT', body: prefs })).status).to.equal(200);
    expect((await route(`${customer.id}/verification`, accessToken, { method: 'POST', body: { channel: 'email' } })).status).to.equal(202);
    expect((await route(`${customer.id}/addresses`, accessToken, { method: 'POST', body: { firstName: 'Grace', lastName: 'Hopper', line1: '1 Navy Way', city: 'Arlington', countryCode: 'US' } })).status).to.equal(201);

    const items = await auditSettles(customer.id, accessToken, 6);
    expect(items.map((e: { action: string }) => e.action)).to.have.members([
      'customer.created', 'customer.segment.assigned', 'customer.updated', 'customer.preferences.updated', 'customer.verification.requested', 'customer.address.created',
    ]);
    const times = items.map((e: { occurredAt: string }) => Date.parse(e.occurredAt));
    expect(times).to.deep.equal([...times].sort((a: number, b: number) => b - a));
    for (const entry of items) {
      // The default segments are assigned by the platform right after registration.
      const by = entry.action === 'customer.segment.assigned' ? { kind: 'system', id: 'registration' } : { kind: 'customer', id: customer.id };
      expect(entry.performedBy).to.deep.equal(by);
    }

    const updated = items.find((e: { action: string }) => e.action === 'customer.updated');
    const [local, domain] = customer.email.split('@');
    expect(updated.changes).to.deep.include({ field: 'firstName', before: 'T•••', after: 'G•••' });
    expect(updated.changes).to.deep.include({ field: 'email', before: `${local![0]}•••@${domain}`, after: `n•••@${domain}` });
    const text = JSON.stringify(items);
    expect(text).not.to.include(customer.email);
    // No verification code in any change (entry ids are numbers too, so only the changes are searched).
    expect(JSON.stringify(items.map((e: { changes: unknown }) => e.changes))).not.to.match(/"\d{6}"/);
    expect(text).not.to.include('Hopper');

    const first = await auditOf(customer.id, accessToken, '?limit=2');
    expect(first.body.items).to.have.length(2);
    const second = await auditOf(customer.id, accessToken, `?limit=2&cursor=${first.body.nextCursor}`);
    const third = await auditOf(customer.id, accessToken, `?limit=2&cursor=${second.body.nextCursor}`);
    expect(third.body.nextCursor).to.equal(null);
    const paged = [...first.body.items, ...second.body.items, ...third.body.items].map((e: { id: string }) => e.id);
    expect(paged).to.deep.equal(items.map((e: { id: string }) => e.id));
  });

  it("when the query is wrong or the record is another customer's, then 400 or 403", async () => {
    const customer = await registeredCustomer('auditbad');
    const other = await registeredCustomer('auditother');
    const { accessToken } = await loggedIn(customer.email);
    expect((await auditOf(other.id, accessToken)).status).to.equal(403);
    for (const query of ['?limit=0', '?limit=abc', '?cursor=not-ours', '?sort=asc', `?cursor=${Buffer.from('["2026-01-01T00:00:00Z","x; drop"]').toString('base64url')}`]) {
      const res = await auditOf(customer.id, accessToken, query);
      expect(res.status, query).to.equal(400);
      expect(res.body.code).to.equal('validation_failed');
    }
    expect((await invoke('customer', 'customer', `v1/customers/${customer.id}/audit`)).status).to.equal(401);
  });

  it('when the same event is delivered twice, then it is audited once', async () => {
    const customer = await registeredCustomer('auditdup');
    const { accessToken } = await loggedIn(customer.email);
    await auditSettles(customer.id, accessToken, 2);
    const at = new Date().toISOString();
    const event = {
      specversion: '1.0', id: randomUUID(), source: 'customer', type: 'customer.preferences.updated', datacontenttype: 'application/json',
      data: { customerId: customer.id, preferences: { marketingEmailOptIn: false, marketingSmsOptIn: true, language: null }, changed: ['marketingSmsOptIn'], updatedAt: at, occurredAt: at },
    };
    for (let i = 0; i < 2; i += 1) {
      // Through the customer sidecar: the topic admits no other publisher.
      const res = await sidecar('customer', '/v1.0/publish/pubsub/customer-events', { method: 'POST', body: event, headers: { 'content-type': 'application/cloudevents+json' } });
      expect(res.status, res.text).to.equal(204);
    }
    const items = await auditSettles(customer.id, accessToken, 3);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    // customer.created, customer.segment.assigned (default segments), and the event once.
    expect((await auditOf(customer.id, accessToken, '?limit=100')).body.items).to.have.length(3);
    expect(items[0]).to.deep.include({ action: 'customer.preferences.updated', performedBy: { kind: 'system', id: 'unrecorded' } });
  });

  it('when 200 customers register and update at once, then the directory converges to every latest version', async function () {
    this.timeout(180_000);
    const tag = `burst${Date.now().toString(36)}`;
    const registered: { id: string; email: string }[] = [];
    for (let batch = 0; batch < 10; batch += 1) {
      registered.push(...(await Promise.all(Array.from({ length: 20 }, () => registeredCustomer(tag)))));
    }
    const updated = registered.slice(0, 100);
    // Twenty at a time: each update needs a login, and logins wait on the password-hash bulkhead.
    for (let batch = 0; batch < updated.length; batch += 20) {
      await Promise.all(
        updated.slice(batch, batch + 20).map(async (customer) => {
          const { accessToken } = await loggedIn(customer.email);
          const res = await route(customer.id, accessToken, { method: 'PATCH', body: { lastName: `${tag}-updated` } });
          expect(res.status).to.equal(200);
        }),
      );
    }
    const ids = registered.map((c) => c.id);
    const rows = await eventually(
      'the directory to converge',
      async () =>
        (
          await customerDatabase().query<{ id: string; version: number; last_name: string; email: string }>(
            `SELECT id, version, last_name, email FROM directory.customers WHERE id = ANY($1)`,
            [ids],
          )
        ).rows,
      (found) => found.length === 200 && found.filter((r) => r.last_name === `${tag}-updated`).length === 100,
      120_000,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const customer of registered) expect(byId.get(customer.id)!.email).to.equal(customer.email);
    for (const customer of updated) expect(byId.get(customer.id)).to.include({ version: 3, last_name: `${tag}-updated` });
    const audited = await customerDatabase().query<{ n: string }>(`SELECT count(*) AS n FROM directory.audit_log WHERE customer_id = ANY($1)`, [ids]);
    // Per customer: created and default segments; and one update for half of them.
    expect(Number(audited.rows[0]!.n)).to.equal(500);
  });
});
