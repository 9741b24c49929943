// The customer directory is fed by the app's own events: after a load, its consumer group works
// through the backlog (one state read and one SQL statement per event). Measured as its own figure,
// and waited out before the next measurement, so later figures are not taken on a machine still
// projecting. "Drained" is read from Redis: the `customer` consumer group of customer-events has
// nothing left to read (lag) and nothing unacknowledged (pending).
import pg from 'pg';
import { createClient } from 'redis';
import { REDIS_DATABASES } from '../../scripts/runtime/redis-db.js';
import { round } from '../stats.js';

async function backlog(client: ReturnType<typeof createClient>): Promise<number> {
  const groups = (await client.sendCommand(['XINFO', 'GROUPS', 'customer-events'])) as unknown[][];
  for (const group of groups) {
    const fields = Object.fromEntries(Array.from({ length: group.length / 2 }, (_, i) => [String(group[2 * i]), group[2 * i + 1]]));
    if (fields.name === 'customer') return Number(fields.lag ?? 0) + Number(fields.pending ?? 0);
  }
  return 0;
}

export async function directoryDrain(pubsubAddress: string, timeoutMs = 900_000): Promise<{ backlogAtStart: number; events: number; seconds: number; perSecond: number; drained: boolean }> {
  const [host, port] = pubsubAddress.split(':');
  const redis = createClient({ socket: { host, port: Number(port ?? 6379) }, database: Number(REDIS_DATABASES.bench) });
  redis.on('error', () => undefined);
  await redis.connect();
  const pool = new pg.Pool({ connectionString: process.env.CUSTOMER_DB_URL, max: 1 });
  try {
    const audited = async () => Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM directory.audit_log')).rows[0]!.n);
    const started = Date.now();
    const startCount = await audited();
    const backlogAtStart = await backlog(redis);
    let drained = false;
    while (Date.now() - started < timeoutMs) {
      if ((await backlog(redis)) === 0) {
        drained = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const events = (await audited()) - startCount;
    const result = { backlogAtStart, events, seconds: round(seconds, 1), perSecond: round(events / seconds, 1), drained };
    console.log(`\ndirectory: ${backlogAtStart} events waiting after the loads; projected ${events} in ${result.seconds} s (${result.perSecond} events/s)${drained ? '' : ' — still busy at the timeout'}`);
    return result;
  } finally {
    await pool.end();
    redis.destroy();
  }
}
