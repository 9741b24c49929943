// The final table of a run, built from what it measured: one row per path whose load ran, against
// its floor and target, with the core count above it and Ory's figures under it. Printed at the
// very end (also after a failure) and saved under `table`.
import { ANCHORS_MEASURED_ON, ORY_ANCHORS, type Anchor } from './anchors.js';
import type { RunResults } from './results.js';
import { QUIET_SHARE, type SidecarsAfter } from './sidecars.js';
import { round, type LoadResult } from './stats.js';
import { formatRate, renderTable, type TableRow } from './table.js';
import { TARGETS, type RowFigures, type RowId } from './targets.js';

export interface AnchorComparison {
  anchor: string;
  note: string | null;
  perSecond: number | [number, number];
  p99Ms: number | [number, number] | null;
  /** Our rows' throughput as a multiple of the anchor's (a range for a range). */
  ours: { row: string; rps: number; p99Ms: number; multiple: number | [number, number] }[];
}

export interface Summary {
  cores: number | null;
  rows: TableRow[];
  /** Loads after which a sidecar stayed above QUIET_SHARE for the whole sampling limit. */
  sidecarsStillBusy: string[];
  anchors: AnchorComparison[];
}

type Floor = { name: string; load: LoadResult } | null;

const met = (value: boolean | undefined): TableRow['met'] => (value === undefined ? '—' : value ? 'yes' : 'no');

function row(id: RowId, path: string, figures: RowFigures & { p50?: number }, floor: { name: string; rps: number } | null, sidecars: string | null): TableRow {
  return { id, path, rps: figures.rps ?? null, p50Ms: figures.p50 ?? null, p99Ms: figures.p99 ?? null, floor, ratio: figures.ratio ?? null, target: TARGETS[id].text, met: met(TARGETS[id].met(figures)), sidecars };
}

/** The busiest daprd in the first window after the load, and how long until all were quiet. */
function sidecarCell(log: SidecarsAfter[], load: string): string | null {
  const sample = log.filter((s) => s.load === load).at(-1);
  if (!sample) return null;
  const [name, cpu] = Object.entries(sample.sidecars).reduce((a, b) => ((b[1].firstShare ?? 0) > (a[1].firstShare ?? 0) ? b : a));
  const quiet = sample.allQuietAfterSeconds === null ? 'busy > 60 s' : `quiet ${Math.round(sample.allQuietAfterSeconds)} s`;
  return `${name} ${round((cpu.firstShare ?? 0) * 100, 1)}%, ${quiet}`;
}

function loadRow(id: RowId, path: string, load: LoadResult, floor: Floor, log: SidecarsAfter[]): TableRow {
  const ratio = floor ? round(load.rps / floor.load.rps, 3) : undefined;
  return row(id, path, { rps: load.rps, p50: load.p50, p99: load.p99, ratio }, floor && { name: floor.name, rps: floor.load.rps }, sidecarCell(log, load.name));
}

function rows(r: RunResults, log: SidecarsAfter[], stillBusy: string[]): TableRow[] {
  const out: TableRow[] = [];
  if (r.introspection) {
    const jwtVerify = { name: 'jose.jwtVerify', load: r.introspection.baseline };
    out.push(loadRow('introspectionOwnPort', "introspection, auth's own port", r.introspection.ownPort, jwtVerify, log));
    out.push(loadRow('introspectionSidecar', 'introspection via sidecar', r.introspection.app, jwtVerify, log));
  }
  if (r.customersMe) out.push(loadRow('customersMe', 'GET /v1/customers/me via sidecar', r.customersMe.app, { name: 'raw state GET', load: r.customersMe.raw }, log));
  if (r.invocationHop) out.push(loadRow('invocationHop', 'GET /healthz via sidecar (the hop alone)', r.invocationHop.app, { name: 'raw state GET', load: r.invocationHop.raw }, log));
  if (r.read) out.push(loadRow('customerRead', 'GET /v1/customers/{id} via sidecar', r.read.app, { name: 'raw state GET', load: r.read.raw }, log));
  if (r.update) out.push(loadRow('customerUpdate', 'PATCH /v1/customers/{id} via sidecar', r.update.app, { name: 'raw outbox transaction of an update', load: r.update.raw }, log));
  if (r.login) out.push(loadRow('login', 'login via sidecar', r.login.app, { name: 'scrypt verifications alone', load: r.login.hashBound }, log));
  if (r.registration) out.push(loadRow('registration', 'registration via sidecar', r.registration.app, { name: 'hashPassword alone', load: r.registration.hashBound }, log));
  if (r.refresh) out.push(loadRow('refresh', 'refresh via sidecar', r.refresh, null, log));
  if (r.sessions) out.push(loadRow('sessions', 'GET /v1/auth/sessions via sidecar', r.sessions, null, log));
  const d = r.degradation;
  if (d) out.push(row('readDegradation', `read before/after ${d.registrations.toLocaleString('en-US')} registrations`, { rps: d.afterRps, ratio: round(d.afterRps / d.beforeRps, 3) }, { name: 'read before', rps: d.beforeRps }, null));
  const e = r.erasures;
  if (e) {
    const floor = e.rawOutboxPerSecond === null ? null : { name: 'raw outbox transaction', rps: e.rawOutboxPerSecond };
    // Its sidecars are sampled after the whole lifecycle suite, not after the erasures alone.
    out.push(row('erasures', 'erasures (lifecycle)', { rps: e.perSecond, ratio: e.ratio ?? undefined, complete: e.handled >= e.dueAtOnce && (e.unhealthyMarks ?? 0) === 0 }, floor, null));
  }
  if (log.length) {
    const cell = stillBusy.length ? `busy after ${stillBusy.length} of ${log.length} loads (listed below)` : `quiet after all ${log.length} loads`;
    out.push(row('sidecarsQuiet', 'sidecars quiet after each load', { complete: !stillBusy.length }, null, cell));
  }
  return out;
}

const range = (v: number | [number, number], unit: string): string => (typeof v === 'number' ? `${formatRate(v)}${unit}` : `${formatRate(v[0])}–${formatRate(v[1])}${unit}`);

function compare(anchor: Anchor, table: TableRow[]): AnchorComparison {
  const ours = anchor.comparedWith.flatMap((id) => {
    const r = table.find((t) => t.id === id);
    if (!r || r.rps === null) return [];
    const [low, high] = typeof anchor.perSecond === 'number' ? [anchor.perSecond, anchor.perSecond] : anchor.perSecond;
    const multiple: number | [number, number] = low === high ? round(r.rps / low, 2) : [round(r.rps / high, 2), round(r.rps / low, 2)];
    return [{ row: r.path, rps: round(r.rps, 1), p99Ms: round(r.p99Ms ?? Number.NaN, 1), multiple }];
  });
  return { anchor: anchor.what, note: anchor.note ?? null, perSecond: anchor.perSecond, p99Ms: anchor.p99Ms ?? null, ours };
}

export function summarizeRun(results: RunResults): Summary {
  const log = results.sidecarCpu ?? [];
  const sidecarsStillBusy = log.filter((s) => s.allQuietAfterSeconds === null).map((s) => s.load);
  const table = rows(results, log, sidecarsStillBusy);
  const anchors = ORY_ANCHORS.map((a) => compare(a, table)).filter((c) => c.ours.length);
  return { cores: results.machine?.cores ?? null, rows: table, sidecarsStillBusy, anchors };
}

/** `machine` describes the machine (bench/machine.ts), core count first. */
export function printSummary(summary: Summary, machine: string | undefined): void {
  console.log(`\nsummary on ${machine ?? `${summary.cores ?? '?'} cores`}`);
  for (const line of renderTable(summary.rows)) console.log(`  ${line}`);
  console.log(`  sidecars' CPU after: the busiest daprd's share of a core in the first 5 s after the load; "quiet N s": all were below ${QUIET_SHARE * 100}% N s after it.`);
  if (summary.sidecarsStillBusy.length) console.log(`  sidecars still above ${QUIET_SHARE * 100}% 60 s after: ${summary.sidecarsStillBusy.join('; ')}`);
  if (!summary.anchors.length) return;
  console.log(`\nOry, measured on the same machine class on ${ANCHORS_MEASURED_ON}; ours as a multiple of its throughput:`);
  for (const a of summary.anchors) {
    const figure = `${range(a.perSecond, '/s')}${a.p99Ms === null ? '' : `, p99 ${range(a.p99Ms, ' ms')}`}`;
    const ours = a.ours.map((o) => `${o.row} ${formatRate(o.rps)}/s p99 ${o.p99Ms} ms: ${typeof o.multiple === 'number' ? o.multiple : o.multiple.join('–')}×`).join('; ');
    console.log(`  ${a.anchor}${a.note ? ` (${a.note})` : ''} ${figure} -> ${ours}`);
  }
}
