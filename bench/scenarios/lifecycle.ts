// The customer lifecycle on reminders, against floors measured in the same run:
// - erasures: 10,000 customers whose erasure reminders all come due while the customer app is
//   stopped, then handled once it is back (revoke sessions in auth, anonymizing outbox write, claims
//   released), in erasures/s, against the raw outbox transaction rate of the write-path figure;
// - segment evaluation: a SegmentActor run over 100,000 directory rows already in their segment (the
//   daily steady state: every row read and evaluated, nothing to change), in customers/s, against a
//   raw keyset scan of the same rows with the same page size; and a run that really assigns 1,000
//   new customers (an actor turn and an outbox transaction each), in assignments/s.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { RunningApp } from '../../scripts/runtime/apps.js';
import { BENCH_ADMIN, BENCH_ERASURE_GRACE_SECONDS, startPlatformApp, stopPlatformApp, type Platform } from '../platform.js';
import { round } from '../stats.js';

const PAGE = 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function sidecarCall<T>(app: RunningApp, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(`${app.daprUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'dapr-api-token': app.daprApiToken, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Runs `work` over `items` with `concurrency` in flight; returns the seconds it took. */
async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<number> {
  const started = Date.now();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
  return (Date.now() - started) / 1000;
}

async function adminToken(platform: Platform): Promise<string> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const res = await sidecarCall<{ accessToken?: string }>(platform.apps.auth, 'POST', '/v1.0/invoke/auth/method/v1/auth/login', { userType: 'admin', ...BENCH_ADMIN });
    if (res.status === 200 && res.body.accessToken) return res.body.accessToken;
    await sleep(1000);
  }
  throw new Error('the bench administrator could not sign in');
}

function segmentsApi(platform: Platform, token: string) {
  const call = <T>(method: string, path: string, body?: unknown) =>
    sidecarCall<T>(platform.apps.customer, method, `/v1.0/invoke/customer/method/v1/segments${path}`, body, { authorization: `Bearer ${token}` });
  return {
    async create(name: string, rules: unknown): Promise<string> {
      const res = await call<{ id: string }>('POST', '', { name, rules });
      if (res.status !== 201) throw new Error(`segment not created: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id;
    },
    /** Evaluates now and waits for the run's result. */
    async run(id: string): Promise<{ evaluated: number; assigned: number; removed: number; failed: number; seconds: number }> {
      const asked = await call<{ current: { runId: string } }>('POST', `/${id}/evaluate`);
      if (asked.status !== 202) throw new Error(`evaluation not started: ${asked.status}`);
      for (;;) {
        const { body } = await call<{ lastRun: { runId: string; startedAt: string; finishedAt: string; evaluated: number; assigned: number; removed: number; failed: number } | null }>('GET', `/${id}`);
        const run = body.lastRun;
        if (run?.runId === asked.body.current.runId) return { ...run, seconds: (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000 };
        await sleep(500);
      }
    },
    remove: (id: string) => call('DELETE', `/${id}`),
  };
}

async function seedCustomers(customer: RunningApp, domain: string, count: number, business: number): Promise<{ ids: string[]; perSecond: number }> {
  const ids = Array.from({ length: count }, () => randomUUID());
  const businessIds = new Set(ids.slice(0, business));
  let done = 0;
  const seconds = await inParallel(ids, 32, async (id) => {
    const customerType = businessIds.has(id) ? 'business' : 'individual';
    const res = await sidecarCall<{ ok: boolean }>(customer, 'PUT', `/v1.0/actors/CustomerActor/${id}/method/create`, { email: `${id.slice(0, 8)}@${domain}`, passwordHash: 'bench', firstName: 'Bench', lastName: 'Lifecycle', phone: null, customerType });
    if (res.status !== 200 || !res.body.ok) throw new Error(`seeding failed: ${res.status} ${JSON.stringify(res.body)}`);
    if (++done % 2000 === 0) console.log(`  ${done} seeded`);
  });
  return { ids, perSecond: round(count / seconds) };
}

/** 100,000 directory rows in one statement: the read model a segment run pages through. */
async function seedDirectory(db: pg.Pool, domain: string, count: number, segmentId: string): Promise<void> {
  await db.query(
    `INSERT INTO directory.customers (id, version, email, first_name, last_name, customer_type, status, email_verified, phone_verified, marketing_email_opt_in,
       marketing_sms_opt_in, created_at, updated_at, segment_ids)
     SELECT 'scan-' || $1 || '-' || n, 1, 'c' || n || '@' || $1, 'Scan', 'Row', CASE WHEN n % 2 = 0 THEN 'business' ELSE 'individual' END, 'active', false, false, false,
       false, now() - interval '1 hour' - n * interval '1 ms', now(), CASE WHEN n % 2 = 0 THEN ARRAY[$2] ELSE ARRAY[]::text[] END
     FROM generate_series(1, $3) AS n`,
    [domain, segmentId, count],
  );
}

/** The floor: the same rows read in the same pages with the same keyset, nothing else. */
async function rawScan(db: pg.Pool, total: number): Promise<number> {
  const started = Date.now();
  let after: [Date, string] | null = null;
  let rows = 0;
  for (;;) {
    const result: pg.QueryResult<{ created_at: Date; id: string }> = await db.query(
      `SELECT id, created_at, customer_type, status, email_domain, email_verified, phone_verified, marketing_email_opt_in, group_ids,
              default_shipping_country, last_order_at, order_count, total_spent_minor, segment_ids
         FROM directory.customers WHERE status <> 'deleted' AND created_at <= now() ${after ? 'AND (created_at, id) > ($2, $3)' : ''} ORDER BY created_at, id LIMIT $1`,
      after ? [PAGE, after[0], after[1]] : [PAGE],
    );
    const page = result.rows;
    rows += page.length;
    if (page.length < PAGE) break;
    const lastRow: { created_at: Date; id: string } = page[page.length - 1]!;
    after = [lastRow.created_at, lastRow.id];
  }
  const seconds = (Date.now() - started) / 1000;
  if (rows < total) throw new Error(`raw scan read ${rows} rows, expected at least ${total}`);
  return round(rows / seconds);
}

/** Times daprd marked its app unhealthy since the sidecar's last start (its log appends per start). */
function unhealthyMarks(app: RunningApp): number {
  const log = readFileSync(app.daprd.logFile, 'utf8');
  return (log.slice(log.lastIndexOf('\n=== ')).match(/App entered un-healthy status/g) ?? []).length;
}

async function erasuresDone(customer: RunningApp): Promise<{ done: number; retried: number }> {
  const text = await (await fetch(`${customer.appUrl}/metrics`, { headers: { authorization: `Bearer ${customer.appApiToken}` } })).text();
  const value = (outcome: string) => Number(new RegExp(`^customer_erasures_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { done: value('done'), retried: value('retried') };
}

export async function lifecycleSuite(platform: Platform, options: { tag: string; erasures: number; assignments: number; scanRows: number; rawOutboxPerSecond: number | undefined }) {
  const db = new pg.Pool({ connectionString: process.env.CUSTOMER_DB_URL, max: 2 });
  const token = await adminToken(platform);
  const segments = segmentsApi(platform, token);
  const results: Record<string, unknown> = {};
  try {
    // Seeded customers (the actor's create: outbox write, default segments, reconcile reminder).
    const domain = `life-${options.tag}.bench.example`;
    console.log(`\nlifecycle: seeding ${options.erasures} customers through CustomerActor.create`);
    const seeded = await seedCustomers(platform.apps.customer, domain, options.erasures, 0);
    console.log(`  seeded at ${seeded.perSecond} customers/s`);

    // The directory must hold them all before a segment reads it.
    while (Number((await db.query('SELECT count(*) AS n FROM directory.customers WHERE email_domain = $1', [domain])).rows[0].n) < options.erasures) await sleep(1000);

    // Erasures: schedule all, stop the customer app before the first comes due, start it once all are.
    console.log(`\nerasures: scheduling ${options.erasures}`);
    const scheduleStarted = Date.now();
    let scheduleRetries = 0;
    const scheduleSeconds = await inParallel(seeded.ids, 16, async (id) => {
      // A busy app can be marked unhealthy for a moment (its actors then answer "not registered"): retry.
      for (let attempt = 1; ; attempt++) {
        const res = await sidecarCall<{ ok: boolean }>(platform.apps.customer, 'PUT', `/v1.0/actors/CustomerActor/${id}/method/scheduleErasure`, { performedBy: { kind: 'system', id: 'bench' } }).catch((error: unknown) => ({ status: 0, body: { ok: false, error: String(error) } }));
        if (res.status === 200 && res.body.ok) return;
        if (attempt === 5) throw new Error(`scheduling failed: ${res.status} ${JSON.stringify(res.body)}`);
        scheduleRetries += 1;
        await sleep(2000 * attempt);
      }
    });
    const before = await erasuresDone(platform.apps.customer);
    await stopPlatformApp(platform, 'customer');
    const graceMs = BENCH_ERASURE_GRACE_SECONDS * 1000;
    const allDueAt = scheduleStarted + scheduleSeconds * 1000 + graceMs + 2_000;
    console.log(`  scheduled in ${round(scheduleSeconds)} s (${scheduleRetries} retried calls, ${before.done} already erased); customer app stopped until all are due (${round((allDueAt - Date.now()) / 1000)} s)`);
    await sleep(Math.max(0, allDueAt - Date.now()));
    const restartedAt = Date.now();
    await startPlatformApp(platform, 'customer');
    const due = options.erasures - before.done;
    // The rate is taken between the first and the last erasure seen done (polled every 250 ms), so
    // the app's own start-up is not in it.
    let first: { at: number; done: number } | undefined;
    let last = { at: Date.now(), done: 0, retried: 0 };
    while (last.done < due && Date.now() - last.at < 120_000) {
      await sleep(250);
      // A failed scrape (the app restarting) is reported by the final count, not fatal here.
      const now = await erasuresDone(platform.apps.customer).catch(() => last);
      if (now.done > 0 && !first) first = { at: Date.now(), done: now.done };
      if (now.done !== last.done) last = { at: Date.now(), ...now };
      else last.retried = now.retried;
    }
    const seconds = first ? (last.at - first.at) / 1000 : 0;
    const perSecond = first && seconds > 0 ? round((last.done - first.done) / seconds) : 0;
    const sinceRestart = round((last.at - restartedAt) / 1000);
    const unhealthy = unhealthyMarks(platform.apps.customer);
    console.log(`  ${last.done} of ${due} due erasures handled ${sinceRestart} s after the restart began (app start-up included); ${perSecond} erasures/s between the first and the last (${last.retried} retried)` + (options.rawOutboxPerSecond ? `; raw outbox transactions ${options.rawOutboxPerSecond}/s; ratio ${round(perSecond / options.rawOutboxPerSecond)}` : ''));
    console.log(`  the customer app was marked unhealthy by its sidecar ${unhealthy} times meanwhile`);
    results.erasures = {
      scheduled: options.erasures,
      scheduleSeconds: round(scheduleSeconds),
      scheduleRetries,
      dueAtOnce: due,
      handled: last.done,
      retried: last.retried,
      seconds: round(seconds),
      secondsSinceRestart: sinceRestart,
      perSecond,
      rawOutboxPerSecond: options.rawOutboxPerSecond ?? null,
      ratio: options.rawOutboxPerSecond ? round(perSecond / options.rawOutboxPerSecond) : null,
      unhealthyMarks: unhealthy,
    };

    // Assignments: new customers join a segment (one actor turn and outbox transaction each).
    const assignDomain = `assign-${options.tag}.bench.example`;
    console.log(`\nsegments: seeding ${options.assignments} customers to assign`);
    await seedCustomers(platform.apps.customer, assignDomain, options.assignments, options.assignments);
    while (Number((await db.query('SELECT count(*) AS n FROM directory.customers WHERE email_domain = $1', [assignDomain])).rows[0].n) < options.assignments) await sleep(1000);
    const assigning = await segments.create(`bench assign ${options.tag}`, { all: [{ field: 'emailDomain', op: 'eq', value: assignDomain }, { field: 'customerType', op: 'eq', value: 'business' }] });
    const assignedRun = await segments.run(assigning);
    const assignPerSecond = round(assignedRun.assigned / assignedRun.seconds);
    console.log(`  segment run assigning ${assignedRun.assigned} of ${assignedRun.evaluated} evaluated: ${assignedRun.seconds} s, ${assignPerSecond} assignments/s (failed ${assignedRun.failed})`);

    // Steady state over 100,000 rows: evaluate everything, change nothing.
    const scanDomain = `scan-${options.tag}.bench.example`;
    const scanning = await segments.create(`bench scan ${options.tag}`, { all: [{ field: 'emailDomain', op: 'eq', value: scanDomain }, { field: 'customerType', op: 'eq', value: 'business' }] });
    await seedDirectory(db, scanDomain, options.scanRows, scanning);
    const scanRun = await segments.run(scanning);
    const raw = await rawScan(db, options.scanRows);
    const evaluatedPerSecond = round(scanRun.evaluated / scanRun.seconds);
    console.log(`  segment run over ${scanRun.evaluated} customers (${scanRun.assigned} assigned, ${scanRun.removed} removed): ${scanRun.seconds} s, ${evaluatedPerSecond} customers/s; raw keyset scan ${raw}/s; ratio ${round(evaluatedPerSecond / raw)}`);
    await db.query('DELETE FROM directory.customers WHERE email_domain = $1', [scanDomain]);
    await segments.remove(scanning);
    await segments.remove(assigning);
    results.segments = {
      steadyState: { rows: scanRun.evaluated, seconds: scanRun.seconds, customersPerSecond: evaluatedPerSecond, assigned: scanRun.assigned, removed: scanRun.removed },
      rawScanPerSecond: raw,
      ratio: round(evaluatedPerSecond / raw),
      assigning: { customers: assignedRun.assigned, seconds: assignedRun.seconds, assignmentsPerSecond: assignPerSecond, failed: assignedRun.failed },
      seedPerSecond: seeded.perSecond,
    };

    return results;
  } finally {
    await db.end();
  }
}
