// The bench's subscriber: another service on the platform's pub/sub, behind its own real daprd
// (app-id bench-subscriber). It subscribes programmatically to customer-events and records when each
// customer.created first arrived, keyed by data.customerId, for the bench to compare with commits,
// with the event's own occurredAt (set by the producer just before its outbox transaction).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

interface CloudEvent {
  id?: string;
  type?: string;
  data?: { customerId?: unknown; occurredAt?: unknown };
}

/** customerId -> [ms epoch of the first delivery, ms epoch of data.occurredAt]. */
const firstDelivery = new Map<string, [number, number]>();
const seenEventIds = new Set<string>();
let eventsReceived = 0;
let duplicates = 0;
let lastReceivedAt = 0;

const appApiToken = process.env.APP_API_TOKEN;

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    req.on('error', reject);
  });
}

function record(event: CloudEvent, receivedAt: number): void {
  eventsReceived++;
  lastReceivedAt = receivedAt;
  // At-least-once delivery: the outbox id (`outbox-<uuid>`) tells a redelivery from a new event.
  if (event.id) {
    if (seenEventIds.has(event.id)) duplicates++;
    seenEventIds.add(event.id);
  }
  const customerId = event.data?.customerId;
  if (event.type === 'customer.created' && typeof customerId === 'string' && !firstDelivery.has(customerId)) {
    firstDelivery.set(customerId, [receivedAt, Date.parse(String(event.data?.occurredAt))]);
  }
}

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method === 'GET' && (path === '/healthz' || path === '/readyz')) return reply(res, 200, { status: 'ok' });
  // Everything else comes from daprd (or the bench, which knows the token too).
  if (appApiToken && req.headers['dapr-api-token'] !== appApiToken) return reply(res, 401, { error: 'bad app api token' });

  if (req.method === 'GET' && path === '/dapr/subscribe') {
    return reply(res, 200, [{ pubsubname: 'pubsub', topic: 'customer-events', route: '/events' }]);
  }
  if (req.method === 'GET' && path === '/deliveries') {
    return reply(res, 200, { eventsReceived, duplicates, lastReceivedAt, firstDelivery: Object.fromEntries(firstDelivery) });
  }
  if (req.method === 'POST' && path === '/events') {
    const receivedAt = Date.now();
    readJson(req).then(
      (event) => {
        record(event as CloudEvent, receivedAt);
        reply(res, 200, { status: 'SUCCESS' });
      },
      // Unparseable: nothing to measure, and a retry would not fix it.
      () => reply(res, 200, { status: 'DROP' }),
    );
    return;
  }
  reply(res, 404, { error: 'not found' });
});

// daprd reuses connections for a while; keep ours open longer so it never writes to a closed one.
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.APP_PORT), '127.0.0.1');
