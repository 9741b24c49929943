// Each kind of run keeps its events in its own Redis database (components read it as the REDIS_DB
// secret): `npm start` 0, the tests 1, the benchmarks 2. A run starts from an empty database, so a
// backlog of undelivered events or outbox markers left by an earlier run (a benchmark burst, a
// killed test) is never redelivered into it.
import { createClient } from 'redis';

export const REDIS_DATABASES = { start: '0', test: '1', bench: '2' } as const;

/** Empties one Redis database; `address` is host:port as the components receive it. */
export async function emptyRedisDatabase(address: string, database: string): Promise<void> {
  const [host, port] = address.split(':');
  const client = createClient({ socket: { host, port: Number(port ?? 6379), connectTimeout: 5_000, reconnectStrategy: false }, database: Number(database) });
  client.on('error', () => undefined); // surfaced by connect()/flushDb() below
  await client.connect();
  try {
    await client.flushDb();
  } finally {
    client.destroy();
  }
}
