// The final table as text: one line per row, columns padded to their widest cell. Rows are plain
// objects (also saved as JSON); a missing figure prints as "—".
import { round } from './stats.js';

export interface TableRow {
  /** Stable key of the row (see bench/targets.ts). */
  id: string;
  path: string;
  rps: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  floor: { name: string; rps: number } | null;
  /** Throughput against the floor (or, for the degradation row, after against before). */
  ratio: number | null;
  target: string;
  met: 'yes' | 'no' | '—';
  /** The busiest sidecar right after the load, and how long until all were quiet. */
  sidecars: string | null;
}

const DASH = '—';

export const formatRate = (rps: number): string => (rps >= 100 ? Math.round(rps).toLocaleString('en-US') : String(round(rps, 1)));
const formatMs = (ms: number | null): string => (ms === null ? DASH : String(round(ms, ms >= 100 ? 0 : 1)));

const COLUMNS: { title: string; right?: boolean; cell: (row: TableRow) => string }[] = [
  { title: 'path', cell: (r) => r.path },
  { title: 'req/s', right: true, cell: (r) => (r.rps === null ? DASH : formatRate(r.rps)) },
  { title: 'p50 ms', right: true, cell: (r) => formatMs(r.p50Ms) },
  { title: 'p99 ms', right: true, cell: (r) => formatMs(r.p99Ms) },
  { title: 'floor', cell: (r) => (r.floor ? `${r.floor.name} ${formatRate(r.floor.rps)}/s` : DASH) },
  { title: 'ratio', right: true, cell: (r) => (r.ratio === null ? DASH : `${round(r.ratio, 2)}×`) },
  { title: 'target', cell: (r) => r.target },
  { title: 'met', cell: (r) => r.met },
  { title: "sidecars' CPU after", cell: (r) => r.sidecars ?? DASH },
];

export function renderTable(rows: TableRow[]): string[] {
  const cells = [COLUMNS.map((c) => c.title), ...rows.map((row) => COLUMNS.map((c) => c.cell(row)))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((line) => line[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => (COLUMNS[i]!.right ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join(' | ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.slice(1).map(line)];
}
