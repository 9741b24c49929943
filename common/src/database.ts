// A pg pool for an app's read model: every connection's search_path is the read model's schema, so
// queries name tables without it, and Dapr's state tables in public are out of reach.
import pg from 'pg';
import type { Logger } from './logger.js';

export function readModelPool(options: { url: string; schema: string; max?: number; logger: Logger }): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    options: `-c search_path=${options.schema}`,
    connectionTimeoutMillis: 5000,
    // A query that outlives this is stuck; its caller gets an error and Dapr redelivers.
    statement_timeout: 15_000,
  });
  // An idle client losing its connection is not fatal: the pool replaces it on the next query.
  pool.on('error', (error) => options.logger.warn('read-model connection lost', { error: error.message }));
  return pool;
}

export async function databaseReachable(pool: pg.Pool): Promise<boolean> {
  try {
    await pool.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/** PostgreSQL errors that say the database is down or restarting, not that the query is wrong:
 * connection failures, SQLSTATE class 08 (connection exception), 57P01–57P03 (shutdown, crash,
 * cannot connect now), and a connection that ended mid-query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && (/^08/.test(code) || /^57P0[123]$/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code))) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(error.message);
}
