// No state without its event, even when the outbox's broker loses what it held. Between a commit and
// its publish, a registration's event exists only as the outbox's internal message. Here the event
// bus (`pubsub`) is unreachable while customers register, so daprd's outbox handler holds their
// internal messages unacknowledged, and then the internal stream is deleted: what a broker that lost
// its data looks like (the way a Redis without persistence lost 15–19 of 200 committed registrations'
// events). The markers of the lost messages stay in the store with the message in them
// (tools/dapr/PATCHES.md, 0004), and the customer app's outbox sweep hands them to the outbox again:
// every customer answered 201 gets exactly one `customer.created`, under one id.
import { expect } from 'chai';
import { createClient } from 'redis';
import { customerDatabase, receivedEvents, scrapeMetrics } from '../../harness/clients.js';
import { eventually } from '../../harness/http.js';
import { registeredCustomer } from '../../harness/identities.js';
import { runtime } from '../../harness/runtime.js';
import { REDIS_DATABASES } from '../../../scripts/runtime/redis-db.js';

/** The customer store's internal outbox topic (namespace + app id + topic + "outbox", as daprd names it). */
const INTERNAL_STREAM = 'defaultcustomercustomer-eventsoutbox';

const swept = async (): Promise<number> => Number((await scrapeMetrics('customer')).match(/outbox_markers_swept_total\{[^}]*outcome="republished"[^}]*\} (\d+)/)?.[1] ?? 0);

describe('outbox messages lost by the broker', function () {
  this.timeout(240_000);

  it('when the outbox\'s internal stream is lost while 20 registrations wait for the event bus, then every customer answered 201 still gets exactly one customer.created, and no marker is left', async () => {
    const eventBus = runtime().eventBus;
    expect(eventBus, 'the test runtime runs its own event bus').to.not.equal(undefined);
    const redis = createClient({ socket: { host: '127.0.0.1', port: eventBus!.port }, database: Number(REDIS_DATABASES.test) });
    redis.on('error', () => undefined);
    await redis.connect();
    try {
      // The stream exists once the customer app has published through the outbox.
      await registeredCustomer('lost-outbox-warmup');
      const startedAt = (await customerDatabase().query<{ now: Date }>('SELECT now()')).rows[0]!.now;
      expect(await redis.exists(INTERNAL_STREAM), `stream ${INTERNAL_STREAM} in the event bus`).to.equal(1);
      const sweptBefore = await swept();

      const gate = runtime().pubsubGate;
      const customers: { id: string; email: string }[] = [];
      try {
        await gate.close();
        let next = 0;
        await Promise.all(
          Array.from({ length: 5 }, async () => {
            while (next < 20) {
              next++;
              customers.push(await registeredCustomer('lost-outbox'));
            }
          }),
        );
        // The handler has taken each message (it waits ~1 s, then fails to publish to the closed bus).
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        expect(await redis.del(INTERNAL_STREAM), 'the internal stream, with the unacknowledged messages in it').to.equal(1);
      } finally {
        await gate.open();
      }

      // Each committed customer's event arrives (the sweep takes markers older than 30 s in tests).
      for (const customer of customers) {
        const events = await eventually(`customer.created of ${customer.id}`, () => receivedEvents('customer.created', customer.id), (found) => found.length > 0, 120_000);
        expect(new Set(events.map((e) => e.event.id)).size, `distinct customer.created ids of ${customer.id}`).to.equal(1);
        expect(events[0]!.event.data.customerId).to.equal(customer.id);
      }
      expect(await swept(), 'markers republished by the sweep').to.be.greaterThan(sweptBefore);
      // Every marker of the burst is gone once its event is out: none is left to sweep.
      await eventually(
        'no outbox marker of the burst left in the customer store',
        async () => Number((await customerDatabase().query<{ n: string }>(`SELECT count(*) AS n FROM agg_state WHERE key LIKE 'outbox-%' AND created_at >= $1`, [startedAt])).rows[0]!.n),
        (left) => left === 0,
        60_000,
      );
    } finally {
      redis.destroy();
    }
  });
});
