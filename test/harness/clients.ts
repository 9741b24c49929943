// How tests reach the apps: through a sidecar (service invocation, the way other services call the
// platform), the sidecar's own APIs, or the app port directly.
import pg from 'pg';
import { call, type CallOptions, type HttpResult } from './http.js';
import { runtime, type TestRuntime } from './runtime.js';

type AppName = keyof TestRuntime['apps'];

/** Invokes `target`'s route through the sidecar of `via` (whose identity Dapr ACL checks). */
export function invoke<T = any>(via: AppName, target: string, path: string, options: CallOptions = {}): Promise<HttpResult<T>> {
  const app = runtime().apps[via];
  return call<T>(`${app.daprUrl}/v1.0/invoke/${target}/method/${path.replace(/^\//, '')}`, {
    ...options,
    headers: { 'dapr-api-token': app.daprApiToken, ...options.headers },
  });
}

/** Calls a daprd API of `app`'s sidecar, e.g. `/v1.0/actors/...`. */
export function sidecar<T = any>(app: AppName, path: string, options: CallOptions = {}): Promise<HttpResult<T>> {
  const { daprUrl, daprApiToken } = runtime().apps[app];
  return call<T>(`${daprUrl}${path}`, { ...options, headers: { 'dapr-api-token': daprApiToken, ...options.headers } });
}

/** Calls the app port directly, bypassing its sidecar. */
export function direct<T = any>(app: AppName, path: string, options: CallOptions = {}): Promise<HttpResult<T>> {
  return call<T>(`${runtime().apps[app].appUrl}${path}`, options);
}

/** An app's Prometheus metrics, scraped with its app token as Prometheus would (bearer). */
export async function scrapeMetrics(app: AppName): Promise<string> {
  const res = await direct(app, '/metrics', { headers: { authorization: `Bearer ${runtime().apps[app].appApiToken}` } });
  if (res.status !== 200) throw new Error(`${app} /metrics answered ${res.status}`);
  return res.text;
}

/** Events the test subscriber app received through its own sidecar. */
export async function receivedEvents(type: string, match: string): Promise<{ topic: string; event: { id: string; type: string; data: any } }[]> {
  return (await direct('subscriber', `/received?type=${encodeURIComponent(type)}&match=${encodeURIComponent(match)}`)).body;
}

let customerDb: pg.Pool | undefined;

/** customer_db as the customer store holds it (to assert what was, or was not, written). */
export function customerDatabase(): pg.Pool {
  customerDb ??= new pg.Pool({
    connectionString: process.env.CUSTOMER_DB_URL ?? 'postgres://idp:idp-local@127.0.0.1:5432/customer_db',
    max: 2,
  });
  // A connection dropped by the server (the chaos suite stops PostgreSQL) must not end the run.
  customerDb.on('error', () => undefined);
  return customerDb;
}

export async function storedCustomersWithEmail(email: string): Promise<number> {
  const { rows } = await customerDatabase().query<{ n: string }>(
    `SELECT count(*) AS n FROM agg_state WHERE key LIKE 'customer||customer:%' AND convert_from(value, 'UTF8')::jsonb -> 'customer' ->> 'email' = $1`,
    [email],
  );
  return Number(rows[0]?.n ?? 0);
}

export const uniqueEmail = (tag: string): string => `${tag}.${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 8)}@example.com`;

/** A valid US number (San Francisco area) not used before in practice: phones are unique too. */
export const uniquePhone = (): string => `+1415${2_000_000 + Math.floor(Math.random() * 7_999_999)}`;
