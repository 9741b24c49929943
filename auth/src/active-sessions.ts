// The auth_sessions_active gauge: counted in auth's own database (read-only, on scrape, cached),
// because no replica sees every session and per-replica up/down counts drift across restarts.
import { Gauge } from 'prom-client';
import pg from 'pg';
import { registry, type Logger } from '@idp/common';
import { STORES } from './stores.js';

const CACHE_MS = 15_000;

// Session documents of auth-store, active by status, lifetime and idle deadline (both epoch ms).
const ACTIVE_SESSIONS_SQL = `
  SELECT convert_from(value, 'UTF8')::jsonb ->> 'userType' AS user_type, count(*)::int AS n
  FROM agg_state
  WHERE key LIKE $1
    AND convert_from(value, 'UTF8')::jsonb ->> 'status' = 'active'
    AND (convert_from(value, 'UTF8')::jsonb ->> 'expiresAt')::bigint > $2
    AND (convert_from(value, 'UTF8')::jsonb ->> 'idleExpiresAt')::bigint > $2
  GROUP BY 1`;

export function registerActiveSessionsGauge(connectionString: string, logger: Logger): void {
  const pool = new pg.Pool({ connectionString, max: 1, statement_timeout: 5_000 });
  pool.on('error', (error) => logger.warn('metrics database connection failed', { error: String(error) }));
  let cached: { at: number; counts: { user_type: string; n: number }[] } | undefined;
  new Gauge({
    name: 'auth_sessions_active',
    help: 'Sessions currently active, by user type (counted in auth_db)',
    labelNames: ['user_type'] as const,
    registers: [registry],
    async collect() {
      try {
        if (!cached || Date.now() - cached.at > CACHE_MS) {
          const { rows } = await pool.query<{ user_type: string; n: number }>(ACTIVE_SESSIONS_SQL, [`auth||session:%`, Date.now()]);
          cached = { at: Date.now(), counts: rows };
        }
        this.reset();
        for (const row of cached.counts) this.set({ user_type: row.user_type }, row.n);
      } catch (error) {
        logger.warn('could not count active sessions', { error: String(error), store: STORES.records });
      }
    },
  });
}
