// Summary statistics of latency samples (ms) and throughput, and how they are printed.

export interface LoadResult {
  name: string;
  requests: number;
  /** non-2xx answers + socket errors + timeouts. */
  errors: number;
  non2xx?: number;
  statusCounts?: Record<string, number>;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
}

export interface Ratio {
  throughput: number;
  p50: number;
  p99: number;
}

/** A load through the app against its raw floor, run back to back. */
export interface Comparison {
  app: LoadResult;
  raw: LoadResult;
  ratio: Ratio;
}

export function percentile(sortedMs: number[], p: number): number {
  if (!sortedMs.length) return Number.NaN;
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))]!;
}

export function summarize(name: string, samplesMs: number[], errors: number, seconds: number): LoadResult {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { name, requests: samplesMs.length, errors, seconds, rps: samplesMs.length / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

export const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

export function printResult(r: LoadResult): void {
  const statuses = r.statusCounts ? `   statuses ${JSON.stringify(r.statusCounts)}` : '';
  console.log(`  ${r.name.padEnd(44)} ${round(r.rps, 1).toString().padStart(9)} req/s   p50 ${round(r.p50).toString().padStart(8)} ms   p99 ${round(r.p99).toString().padStart(8)} ms   errors ${r.errors}${statuses}`);
}

export function ratio(a: LoadResult, b: LoadResult): Ratio {
  return { throughput: round(a.rps / b.rps, 3), p50: round(a.p50 / b.p50, 3), p99: round(a.p99 / b.p99, 3) };
}

export function printRatio(label: string, a: LoadResult, b: LoadResult): Ratio {
  const r = ratio(a, b);
  console.log(`  ratio ${label}: throughput ${r.throughput}x, p50 ${r.p50}x, p99 ${r.p99}x`);
  return r;
}
