// A stand-in for the shop's order service, which is not part of this platform: behind its own real
// daprd (app-id `order`), it answers the customer app's reconcile (GET /v1/order-stats?customerId=)
// from the orders it was told about, and publishes order.completed on order-events. Test routes
// under /test let a test complete orders, publish duplicates or out-of-order events, force an older
// snapshot, or make the service fail (an outage, as the customer app's sidecar sees it).
import { createServer, type IncomingMessage } from 'node:http';

interface Order {
  orderId: string;
  customerId: string;
  amountMinor: number;
  currency: string;
  completedAt: string;
}

const orders = new Map<string, Map<string, Order>>();
const forcedSnapshots = new Map<string, unknown>();
let down = false;
let statsCalls = 0;

const daprUrl = `http://127.0.0.1:${process.env.DAPR_HTTP_PORT}`;
const daprHeaders = { 'content-type': 'application/json', ...(process.env.DAPR_API_TOKEN ? { 'dapr-api-token': process.env.DAPR_API_TOKEN } : {}) };

async function publish(order: Order): Promise<void> {
  const res = await fetch(`${daprUrl}/v1.0/publish/pubsub/order-events?metadata.cloudevent.type=order.completed`, {
    method: 'POST',
    headers: daprHeaders,
    body: JSON.stringify({ ...order, occurredAt: new Date().toISOString() }),
  });
  if (!res.ok) throw new Error(`publish failed: ${res.status} ${await res.text()}`);
}

function snapshotOf(customerId: string): unknown {
  const forced = forcedSnapshots.get(customerId);
  if (forced) return forced;
  const list = [...(orders.get(customerId)?.values() ?? [])];
  const totals: Record<string, number> = {};
  for (const order of list) totals[order.currency] = (totals[order.currency] ?? 0) + order.amountMinor;
  const times = list.map((o) => o.completedAt).sort();
  return { customerId, orderCount: list.length, totalSpentMinor: totals, firstOrderAt: times[0] ?? null, lastOrderAt: times[times.length - 1] ?? null, asOf: new Date().toISOString() };
}

async function body(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const reply = (status: number, payload: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload));
  };
  try {
    if (req.method === 'GET' && (url.pathname === '/healthz' || url.pathname === '/readyz')) return reply(200, { status: 'ok' });
    if (req.method === 'GET' && url.pathname === '/dapr/subscribe') return reply(200, []);
    if (req.method === 'GET' && url.pathname === '/v1/order-stats') {
      statsCalls += 1;
      if (down) return reply(503, { title: 'order database unavailable' });
      return reply(200, snapshotOf(url.searchParams.get('customerId') ?? ''));
    }
    // Records completed orders (so the stats answer includes them) and publishes each `times` times.
    if (req.method === 'POST' && url.pathname === '/test/orders') {
      const { orders: list, times = 1, record = true } = (await body(req)) as { orders: Order[]; times?: number; record?: boolean };
      for (const order of list) {
        if (record) {
          const mine = orders.get(order.customerId) ?? new Map<string, Order>();
          mine.set(order.orderId, order);
          orders.set(order.customerId, mine);
        }
      }
      for (let i = 0; i < times; i++) for (const order of list) await publish(order);
      return reply(202, { published: list.length * times });
    }
    const forced = /^\/test\/snapshots\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'PUT' && forced) {
      forcedSnapshots.set(decodeURIComponent(forced[1]!), await body(req));
      return reply(204, {});
    }
    if (req.method === 'PUT' && url.pathname === '/test/outage') {
      down = Boolean((await body(req)).down);
      return reply(200, { down });
    }
    if (req.method === 'GET' && url.pathname === '/test/calls') return reply(200, { statsCalls });
    reply(404, {});
  } catch (error) {
    reply(500, { error: String(error) });
  }
});

server.listen(Number(process.env.APP_PORT), '127.0.0.1');
