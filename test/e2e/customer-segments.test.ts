// Segments: the catalog under /v1/segments (rules validated by proto/schemas/segment-rules.json),
// runs of the SegmentActor over the directory (keyset over a snapshot, idempotent memberships with
// customer.segment.assigned|removed through the outbox), on demand and on its reminder, deletion
// mid-run, and the default segments every customer joins at registration.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { validateAgainst } from '../harness/schemas.js';
import { eventually } from '../harness/http.js';
import { customerDatabase, invoke, receivedEvents, sidecar } from '../harness/clients.js';
import { adminToken, bearer, loggedIn, registeredCustomer } from '../harness/identities.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const segments = async (path: string, options: { method?: string; body?: unknown; token?: string } = {}) =>
  invoke('customer', 'customer', `v1/segments${path}`, { method: options.method, body: options.body, headers: bearer(options.token ?? (await adminToken())) });

/** Customers created through the customer actor's own create (the registration route minus the
 * password hashing and email claims, which a segment test does not need): 2,000 in well under a minute. */
async function seedCustomers(domain: string, count: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const res = await sidecar('customer', `/v1.0/actors/CustomerActor/${randomUUID()}/method/create`, {
        method: 'PUT',
        body: { email: `c${i}@${domain}`, passwordHash: 'seeded', firstName: 'Seg', lastName: `No${i}`, phone: null, customerType: i % 2 ? 'individual' : 'business' },
      });
      expect(res.status, res.text).to.equal(200);
      expect(res.body.ok, res.text).to.equal(true);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

const inDirectory = async (sql: string, values: unknown[]) => Number((await customerDatabase().query<{ n: string }>(sql, values)).rows[0]!.n);

async function finishedRun(segmentId: string, runId: string) {
  const res = await eventually(`run ${runId} of ${segmentId} to finish`, () => segments(`/${segmentId}`), (r) => r.body?.lastRun?.runId === runId, 240_000);
  return res.body.lastRun;
}

async function evaluate(segmentId: string): Promise<string> {
  const res = await segments(`/${segmentId}/evaluate`, { method: 'POST' });
  expect(res.status, res.text).to.equal(202);
  return res.body.current.runId as string;
}

describe('segments (/v1/segments)', () => {
  it('when rules are not valid or a default segment is deleted, then a problem with a stable code, and nothing is created', async () => {
    const bad = await segments('', { method: 'POST', body: { name: 'Bad', rules: { all: [{ field: 'orderCount', op: 'contains', value: 'x' }] } } });
    expect(bad.status).to.equal(400);
    expect(bad.body.code).to.equal('validation_failed');
    expect((await segments('', { method: 'POST', body: { name: 'Empty', rules: { all: [] } } })).status).to.equal(400);
    expect((await segments('', { method: 'POST', body: { name: 'No rules' } })).status).to.equal(400);
    const protectedOne = await segments('/all-customers', { method: 'DELETE' });
    expect(protectedOne.status).to.equal(409);
    expect(protectedOne.body.code).to.equal('segment_protected');
    expect((await segments('/no-such-segment')).body.code).to.equal('segment_not_found');
    const customer = await registeredCustomer('segments-forbidden');
    const session = await loggedIn(customer.email);
    expect((await segments('', { token: session.accessToken })).status).to.equal(403);
  });

  it('when a segment is created, read, renamed and listed, then it has its rules and names stay unique', async () => {
    const name = `VIP ${randomUUID()}`;
    const created = await segments('', { method: 'POST', body: { name, description: 'Big spenders', rules: { any: [{ field: 'totalSpentMinor', op: 'gte', value: 1_000_000, currency: 'THB' }] } } });
    expect(created.status, created.text).to.equal(201);
    expect(created.headers.get('location')).to.equal(`/v1/segments/${created.body.id}`);
    expect(created.body).to.deep.include({ name, description: 'Big spenders', isDefault: false, lastRun: null, currentRun: null });
    const taken = await segments('', { method: 'POST', body: { name: name.toLowerCase(), rules: { all: [{ field: 'status', op: 'eq', value: 'active' }] } } });
    expect(taken.status).to.equal(409);
    expect(taken.body.code).to.equal('segment_name_taken');
    const renamed = await segments(`/${created.body.id}`, { method: 'PATCH', body: { name: `${name} (renamed)` } });
    expect(renamed.body.name).to.equal(`${name} (renamed)`);
    expect(renamed.body.rules).to.deep.equal(created.body.rules);
    const read = await segments(`/${created.body.id}`);
    expect(read.body).to.deep.include({ memberCount: 0 });
    const listed = await segments('?limit=100');
    expect(listed.status).to.equal(200);
    expect(listed.body.items.map((s: { id: string }) => s.id)).to.include.members(['all-customers', 'new-customers']);
    expect((await segments(`/${created.body.id}`, { method: 'DELETE' })).status).to.equal(204);
    await eventually('the deleted segment to go', () => segments(`/${created.body.id}`), (r) => r.status === 404);
  });

  it('when a customer registers, then they are in the default segments at once, with customer.segment.assigned', async () => {
    const customer = await registeredCustomer('segments-default');
    const session = await loggedIn(customer.email);
    const mine = await invoke('customer', 'customer', `v1/customers/${customer.id}/segments`, { headers: bearer(session.accessToken) });
    expect(mine.body).to.deep.equal({ customerId: customer.id, segmentIds: ['all-customers', 'new-customers'], pending: false });
    const [assigned] = await eventually('customer.segment.assigned', () => receivedEvents('customer.segment.assigned', customer.id), (found) => found.length > 0);
    expect(validateAgainst('events/customer.segment.assigned.json', assigned!.event.data)).to.deep.equal([]);
    expect(assigned!.event.data).to.deep.include({ customerId: customer.id, segmentIds: ['all-customers', 'new-customers'], reason: 'registration' });
    const [created] = await receivedEvents('customer.created', customer.id);
    expect(created!.event.data.segmentsPending).to.equal(true);
  });

  describe('a run over 2,000 customers', function () {
    this.timeout(600_000);
    const domain = `seg-${randomUUID().slice(0, 8)}.example`;

    before(async () => {
      await seedCustomers(domain, 2000);
      await eventually('the directory to hold the 2,000', () => inDirectory('SELECT count(*) AS n FROM directory.customers WHERE email_domain = $1', [domain]), (n) => n === 2000, 120_000);
    });

    it('when a segment is evaluated, then exactly the matching customers join, once each, and a second run changes nothing', async () => {
      const created = await segments('', {
        method: 'POST',
        body: { name: `B2B ${domain}`, rules: { all: [{ field: 'emailDomain', op: 'eq', value: domain }, { field: 'customerType', op: 'eq', value: 'business' }] } },
      });
      const id = created.body.id as string;
      const started = Date.now();
      const first = await finishedRun(id, await evaluate(id));
      console.log(`      first run: ${JSON.stringify(first)} in ${Date.now() - started} ms`);
      expect(first).to.deep.include({ kind: 'evaluate', trigger: 'request', outcome: 'completed', assigned: 1000, removed: 0, failed: 0 });
      expect(first.evaluated).to.be.at.least(2000);

      const members = await eventually('1,000 members in the directory', () => inDirectory('SELECT count(*) AS n FROM directory.customers WHERE segment_ids @> ARRAY[$1]', [id]), (n) => n === 1000, 60_000);
      expect(members).to.equal(1000);
      expect(await inDirectory(`SELECT count(*) AS n FROM directory.customers WHERE segment_ids @> ARRAY[$1] AND (customer_type <> 'business' OR email_domain <> $2)`, [id, domain])).to.equal(0);
      const events = await eventually('1,000 customer.segment.assigned', () => receivedEvents('customer.segment.assigned', `"${id}"`), (found) => found.length >= 1000, 60_000);
      expect(new Set(events.map((e) => e.event.data.customerId)).size).to.equal(1000);
      expect(events.every((e) => e.event.data.reason === 'evaluation' && e.event.data.runId === first.runId)).to.equal(true);
      const page = await segments(`/${id}/customers?limit=5`);
      expect(page.body.items).to.have.length(5);
      for (const item of page.body.items) expect(item).to.deep.include({ customerType: 'business' });
      expect((await segments(`/${id}`)).body.memberCount).to.equal(1000);

      const second = await finishedRun(id, await evaluate(id));
      expect(second).to.deep.include({ outcome: 'completed', assigned: 0, removed: 0, failed: 0 });
      await sleep(1000);
      expect(await receivedEvents('customer.segment.assigned', `"${id}"`)).to.have.length(1000);

      // New rules: the individuals join, the businesses leave.
      await segments(`/${id}`, { method: 'PATCH', body: { rules: { all: [{ field: 'emailDomain', op: 'eq', value: domain }, { field: 'customerType', op: 'eq', value: 'individual' }] } } });
      const third = await finishedRun(id, await evaluate(id));
      expect(third).to.deep.include({ outcome: 'completed', assigned: 1000, removed: 1000, failed: 0 });
      const removed = await eventually('1,000 customer.segment.removed', () => receivedEvents('customer.segment.removed', `"${id}"`), (found) => found.length >= 1000, 60_000);
      expect(removed.every((e) => e.event.data.reason === 'evaluation' && !e.event.data.memberOf.includes(id))).to.equal(true);
      await eventually('only individuals left', () => inDirectory(`SELECT count(*) AS n FROM directory.customers WHERE segment_ids @> ARRAY[$1] AND customer_type = 'individual'`, [id]), (n) => n === 1000, 60_000);
      expect(await inDirectory(`SELECT count(*) AS n FROM directory.customers WHERE segment_ids @> ARRAY[$1]`, [id])).to.equal(1000);
      await segments(`/${id}`, { method: 'DELETE' });
    });

    it('when a segment is deleted mid-run, then the run stops, every member is released with its event, and the segment is gone', async () => {
      const created = await segments('', { method: 'POST', body: { name: `All of ${domain}`, rules: { all: [{ field: 'emailDomain', op: 'eq', value: domain }] } } });
      const id = created.body.id as string;
      await evaluate(id);
      await sleep(1500);
      expect((await segments(`/${id}`, { method: 'DELETE' })).status).to.equal(204);
      expect((await segments(`/${id}/evaluate`, { method: 'POST' })).status).to.equal(404);
      await eventually('the segment to be gone', () => customerDatabase().query('SELECT 1 FROM directory.segments WHERE id = $1', [id]), (r) => r.rowCount === 0, 180_000);
      expect(await inDirectory('SELECT count(*) AS n FROM directory.customers WHERE segment_ids @> ARRAY[$1]', [id])).to.equal(0);
      const assigned = await receivedEvents('customer.segment.assigned', `"${id}"`);
      expect(assigned.length).to.be.within(1, 1999);
      const released = await eventually('a removal for every assignment', () => receivedEvents('customer.segment.removed', `"${id}"`), (found) => found.length >= assigned.length);
      expect(released.every((e) => e.event.data.reason === 'segment_deleted')).to.equal(true);
      expect(new Set(released.map((e) => e.event.data.customerId))).to.deep.equal(new Set(assigned.map((e) => e.event.data.customerId)));
    });

    it('when a segment has a schedule, then its reminder evaluates it without being asked', async () => {
      const created = await segments('', {
        method: 'POST',
        body: { name: `Buyers at ${domain}`, evaluationIntervalSeconds: 5, rules: { all: [{ field: 'emailDomain', op: 'eq', value: domain }, { field: 'orderCount', op: 'gt', value: 0 }] } },
      });
      const id = created.body.id as string;
      const run = await eventually('a scheduled run', () => segments(`/${id}`), (r) => r.body?.lastRun?.trigger === 'schedule', 30_000);
      expect(run.body.lastRun).to.deep.include({ outcome: 'completed', assigned: 0, removed: 0 });
      await segments(`/${id}`, { method: 'DELETE' });
    });
  });
});
