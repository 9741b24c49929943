// The customer directory is fed by the app's own events: after a load, its consumer works through the
// backlog (one state read and one SQL statement per event). Measured as its own figure, and waited
// out before the next measurement, so later figures are not taken on a machine still projecting.
import pg from 'pg';
import { round } from '../stats.js';

export async function directoryDrain(timeoutMs = 600_000): Promise<{ events: number; seconds: number; perSecond: number; drained: boolean }> {
  const pool = new pg.Pool({ connectionString: process.env.CUSTOMER_DB_URL, max: 1 });
  try {
    const count = async () => Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM directory.audit_log')).rows[0]!.n);
    const startCount = await count();
    const started = Date.now();
    let last = startCount;
    let lastChange = started;
    while (Date.now() - started < timeoutMs) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const now = await count();
      if (now !== last) {
        last = now;
        lastChange = Date.now();
      } else if (Date.now() - lastChange >= 5_000) break;
    }
    const seconds = Math.max(0.001, (lastChange - started) / 1000);
    const events = last - startCount;
    const result = { events, seconds: round(seconds, 1), perSecond: round(events / seconds, 1), drained: Date.now() - started < timeoutMs };
    console.log(`\ndirectory: projected ${events} more events in ${result.seconds} s after the loads (${result.perSecond} events/s)${result.drained ? '' : ' — still busy at the timeout'}`);
    return result;
  } finally {
    await pool.end();
  }
}
