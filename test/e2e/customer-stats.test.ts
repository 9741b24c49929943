// Order statistics: counted from order.completed (published by the test order app through its own
// daprd) exactly once per order, reconciled against the order app through Dapr service invocation on
// the customer actor's reminder, never rolled back by an older snapshot, and kept (marked stale) while
// the order service is down and the sidecar's circuit breaker is open.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { validateAgainst } from '../harness/schemas.js';
import { call, eventually } from '../harness/http.js';
import { customerDatabase, direct, invoke, receivedEvents, sidecar } from '../harness/clients.js';
import { adminToken, bearer, loggedIn, registeredCustomer } from '../harness/identities.js';
import { runtime } from '../harness/runtime.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

interface Order {
  orderId: string;
  customerId: string;
  amountMinor: number;
  currency: string;
  completedAt: string;
}

const order = (customerId: string, amountMinor: number, completedAt: string, currency = 'THB'): Order => ({ orderId: `ord-${randomUUID()}`, customerId, amountMinor, currency, completedAt });

async function complete(orders: Order[], options: { times?: number; record?: boolean } = {}): Promise<void> {
  const res = await direct('order', '/test/orders', { method: 'POST', body: { orders, ...options } });
  expect(res.status, res.text).to.equal(202);
}

const stats = async (id: string, token?: string) => invoke('customer', 'customer', `v1/customers/${id}/stats`, { headers: bearer(token ?? (await adminToken())) });
const refresh = async (id: string, token?: string) => invoke('customer', 'customer', `v1/customers/${id}/stats/refresh`, { method: 'POST', headers: bearer(token ?? (await adminToken())) });

async function reconciled(id: string, since: number, outcome: string) {
  return (
    await eventually(
      `a reconcile of ${id} ending ${outcome}`,
      () => stats(id),
      (r) => r.status === 200 && Date.parse(r.body.freshness.lastAttempt?.at ?? 0) >= since && r.body.freshness.lastAttempt.outcome === outcome,
      30_000,
    )
  ).body;
}

describe('order statistics (GET /v1/customers/{id}/stats)', () => {
  it('when order.completed arrives twice and out of order, then each order counts once and the figures are exact', async function () {
    this.timeout(60_000);
    const customer = await registeredCustomer('stats-events');
    const session = await loggedIn(customer.email);
    const orders = [order(customer.id, 125_000, minutesAgo(30)), order(customer.id, 49_900, minutesAgo(90)), order(customer.id, 10_050, minutesAgo(5)), order(customer.id, 2_500, minutesAgo(60), 'USD')];
    // Newest first, every event delivered twice.
    await complete(orders, { times: 2 });

    const counted = await eventually('four orders counted', () => stats(customer.id, session.accessToken), (r) => r.body?.orderCount === 4);
    await sleep(1500); // Let the duplicates arrive too.
    const { body } = await stats(customer.id, session.accessToken);
    expect(body).to.deep.include({ customerId: customer.id, orderCount: 4, totalSpentMinor: { THB: 184_950, USD: 2_500 }, firstOrderAt: orders[1]!.completedAt, lastOrderAt: orders[2]!.completedAt, asOf: orders[2]!.completedAt, source: 'events' });
    expect(counted.body.freshness).to.include({ lastReconciledAt: null });

    const events = await eventually('four customer.stats.updated', () => receivedEvents('customer.stats.updated', customer.id), (found) => found.length >= 4);
    await sleep(1000);
    const all = await receivedEvents('customer.stats.updated', customer.id);
    expect(all.map((e) => e.event.data.orderId).sort()).to.deep.equal(orders.map((o) => o.orderId).sort());
    for (const event of events) expect(validateAgainst('events/customer.stats.updated.json', event.event.data)).to.deep.equal([]);

    // The directory carries the figures segment rules read.
    const row = await eventually(
      'the directory to show the figures',
      async () => (await customerDatabase().query('SELECT order_count, total_spent_minor, last_order_at FROM directory.customers WHERE id = $1', [customer.id])).rows[0],
      (r) => r?.order_count === 4,
    );
    expect(row.total_spent_minor).to.deep.equal({ THB: 184_950, USD: 2_500 });
    expect(row.last_order_at.toISOString()).to.equal(orders[2]!.completedAt);
  });

  it('when a customer registers, then a jittered daily reconcile reminder exists, and another customer may not read the stats', async () => {
    const customer = await registeredCustomer('stats-reminder');
    const reminder = await sidecar('customer', `/v1.0/actors/CustomerActor/${customer.id}/reminders/stats-reconcile`);
    expect(reminder.status, reminder.text).to.equal(200);
    expect(JSON.stringify(reminder.body)).to.match(/24h|86400|PT24H|1d/i);
    const other = await registeredCustomer('stats-other');
    const session = await loggedIn(other.email);
    expect((await stats(customer.id, session.accessToken)).status).to.equal(403);
    expect((await refresh(other.id, session.accessToken)).status).to.equal(403);
  });

  it('when a reconcile brings an older snapshot, then the newer event figures stay; a newer one replaces them and covers its orders', async function () {
    this.timeout(90_000);
    const customer = await registeredCustomer('stats-reconcile');
    const first = order(customer.id, 30_000, minutesAgo(20));
    const second = order(customer.id, 20_000, minutesAgo(2));
    await complete([first, second]);
    await eventually('two orders counted', () => stats(customer.id), (r) => r.body?.orderCount === 2);

    // The order service lags: its figures stop before the second order.
    await direct('order', `/test/snapshots/${customer.id}`, {
      method: 'PUT',
      body: { customerId: customer.id, orderCount: 1, totalSpentMinor: { THB: 30_000 }, firstOrderAt: first.completedAt, lastOrderAt: first.completedAt, asOf: minutesAgo(10) },
    });
    let since = Date.now();
    expect((await refresh(customer.id)).status).to.equal(202);
    const kept = await reconciled(customer.id, since, 'stale_snapshot');
    expect(kept).to.deep.include({ orderCount: 2, totalSpentMinor: { THB: 50_000 }, source: 'events' });
    expect(kept.freshness.lastReconciledAt).to.be.a('string');

    // A complete snapshot (an order the events never told about, e.g. lost to a dead-letter topic).
    const missed = order(customer.id, 5_000, minutesAgo(1));
    const asOf = new Date().toISOString();
    await direct('order', `/test/snapshots/${customer.id}`, {
      method: 'PUT',
      body: { customerId: customer.id, orderCount: 3, totalSpentMinor: { THB: 55_000 }, firstOrderAt: first.completedAt, lastOrderAt: missed.completedAt, asOf },
    });
    since = Date.now();
    await refresh(customer.id);
    const replaced = await reconciled(customer.id, since, 'replaced');
    expect(replaced).to.deep.include({ orderCount: 3, totalSpentMinor: { THB: 55_000 }, asOf, source: 'reconcile' });
    await eventually('a customer.stats.updated from the reconcile', () => receivedEvents('customer.stats.updated', customer.id), (found) => found.some((e) => e.event.data.source === 'reconcile' && e.event.data.orderCount === 3));

    // The missed order's late event is in the snapshot already: not counted again. A newer order is.
    const newer = order(customer.id, 1_000, new Date(Date.now() + 1000).toISOString());
    await complete([missed, newer], { record: false });
    await eventually('the newer order counted', () => stats(customer.id), (r) => r.body?.orderCount === 4);
    await sleep(1500);
    expect((await stats(customer.id)).body).to.deep.include({ orderCount: 4, totalSpentMinor: { THB: 56_000 } });
  });

  it('when the order service is down, then stats stay served and marked stale, and the sidecar circuit breaker opens and later closes', async function () {
    this.timeout(120_000);
    const customers = await Promise.all([1, 2, 3, 4].map((n) => registeredCustomer(`stats-outage-${n}`)));
    const [watched] = customers;
    await complete([order(watched!.id, 7_000, minutesAgo(3))]);
    await eventually('the order counted', () => stats(watched!.id), (r) => r.body?.orderCount === 1);

    await direct('order', '/test/outage', { method: 'PUT', body: { down: true } });
    try {
      // Each reconcile is 3 attempts (2 retries): the breaker (5 failures in a row) opens during the second.
      for (const customer of customers) {
        const since = Date.now();
        await refresh(customer.id);
        await reconciled(customer.id, since, 'unavailable');
      }
      const metricsUrl = `http://127.0.0.1:${runtime().apps.customer.spec.ports.metrics}/metrics`;
      const metrics = (await call(metricsUrl)).text;
      // One series per state; the current one is 1.
      const open = metrics.split('\n').find((line) => line.startsWith('dapr_resiliency_cb_state') && line.includes('target="app_order"') && line.includes('status="open"'));
      expect(open, metrics.split('\n').filter((line) => line.startsWith('dapr_resiliency_cb_state')).join('\n')).to.match(/\s1$/);
      // Open: the next reconcile is refused by the sidecar without reaching the order app.
      const before = (await direct('order', '/test/calls')).body.statsCalls;
      const since = Date.now();
      await refresh(watched!.id);
      const stale = await reconciled(watched!.id, since, 'unavailable');
      expect((await direct('order', '/test/calls')).body.statsCalls).to.equal(before);
      expect(stale).to.deep.include({ orderCount: 1, totalSpentMinor: { THB: 7_000 } });
      expect(stale.freshness.stale).to.equal(true);
    } finally {
      await direct('order', '/test/outage', { method: 'PUT', body: { down: false } });
    }
    // After the breaker's 20 s, a trial call goes through and closes it.
    const recovered = await eventually(
      'a reconcile to succeed after the outage',
      async () => {
        const since = Date.now();
        await refresh(watched!.id);
        await sleep(1500);
        const { body } = await stats(watched!.id);
        return Date.parse(body.freshness.lastAttempt?.at ?? 0) >= since ? body : undefined;
      },
      (body) => body?.freshness.lastAttempt.outcome === 'replaced',
      60_000,
    );
    expect(recovered).to.deep.include({ orderCount: 1, source: 'reconcile' });
    expect(recovered!.freshness.stale).to.equal(false);
  });

  it('when an order event is not valid, then it is dropped to the dead-letter topic and counts nothing', async function () {
    this.timeout(30_000);
    const customer = await registeredCustomer('stats-invalid');
    const res = await sidecar('order', '/v1.0/publish/pubsub/order-events?metadata.cloudevent.type=order.completed', {
      method: 'POST',
      body: { orderId: 'o-1', customerId: customer.id, amountMinor: -5, currency: 'baht', completedAt: 'yesterday' },
    });
    expect(res.status).to.equal(204);
    await eventually('the dead-letter topic to get it', () => receivedEventsOnTopic('order-events-customer-deadletter', customer.id), (found) => found.length > 0);
    expect((await stats(customer.id)).body.orderCount).to.equal(0);
  });
});

async function receivedEventsOnTopic(topic: string, match: string) {
  const all = await direct<{ topic: string; event: { data: unknown } }[]>('subscriber', `/received?match=${encodeURIComponent(match)}`);
  return all.body.filter((r) => r.topic === topic);
}
