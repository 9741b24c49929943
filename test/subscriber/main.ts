// A subscriber app for tests: another service on the platform's pub/sub, behind its own real daprd.
// It subscribes to every producer topic and keeps what it received in memory for tests to query.
import { createServer } from 'node:http';

const topics = (process.env.SUBSCRIBER_TOPICS ?? 'customer-events,user-events,auth-events').split(',');
const received: { topic: string; receivedAt: number; event: Record<string, unknown> }[] = [];

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.method === 'GET' && url.pathname === '/dapr/subscribe') {
    return reply(200, topics.map((topic) => ({ pubsubname: 'pubsub', topic, route: `/events/${topic}` })));
  }
  if (req.method === 'GET' && (url.pathname === '/healthz' || url.pathname === '/readyz')) return reply(200, { status: 'ok' });
  if (req.method === 'GET' && url.pathname === '/received') {
    const type = url.searchParams.get('type');
    const match = url.searchParams.get('match');
    return reply(
      200,
      received.filter((r) => (!type || r.event.type === type) && (!match || JSON.stringify(r.event.data).includes(match))),
    );
  }
  if (req.method === 'POST' && url.pathname.startsWith('/events/')) {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ topic: url.pathname.slice('/events/'.length), receivedAt: Date.now(), event: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      reply(200, { status: 'SUCCESS' });
    });
    return;
  }
  reply(404, {});
});

server.listen(Number(process.env.APP_PORT), '127.0.0.1');
