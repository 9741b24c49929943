// Knobs of one bench run, read from the environment (documented in scripts/bench.sh).

export interface BenchSettings {
  /** Seconds per autocannon / closed-loop load. */
  seconds: number;
  connections: number;
  /** Registrations in the event-delivery burst, and how many are in flight at once. */
  burst: number;
  burstConcurrency: number;
  /** How long to wait for events to reach the subscriber before counting them lost. */
  deliveryTimeoutMs: number;
  /** Everything that needs signed-in customers: auth's hot paths, the customer reads (early and late) and updates. */
  includeAuth: boolean;
  /** The lifecycle figures: erasures due at once, and directory rows a segment run evaluates. */
  includeLifecycle: boolean;
  erasures: number;
  segmentRows: number;
  segmentAssignments: number;
  /** Registrations done (A, the burst, then filled up to this) before the read is measured again. */
  degradationRegistrations: number;
  /** BENCH_ONLY=lifecycle: the raw outbox floor and the lifecycle alone (to iterate on it). */
  onlyLifecycle: boolean;
}

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

function onlyLifecycle(): boolean {
  const only = process.env.BENCH_ONLY ?? '';
  if (only !== '' && only !== 'lifecycle') throw new Error(`BENCH_ONLY must be "lifecycle" or empty, got "${only}"`);
  return only === 'lifecycle';
}

export function readSettings(): BenchSettings {
  return {
    seconds: positiveNumber('BENCH_DURATION', 15),
    connections: positiveNumber('BENCH_CONNECTIONS', 10),
    burst: positiveNumber('BENCH_BURST', 2000),
    burstConcurrency: positiveNumber('BENCH_BURST_CONCURRENCY', 50),
    deliveryTimeoutMs: positiveNumber('BENCH_DELIVERY_TIMEOUT', 120) * 1000,
    includeAuth: process.env.BENCH_AUTH !== '0',
    includeLifecycle: process.env.BENCH_LIFECYCLE !== '0',
    erasures: positiveNumber('BENCH_ERASURES', 10_000),
    segmentRows: positiveNumber('BENCH_SEGMENT_ROWS', 100_000),
    segmentAssignments: positiveNumber('BENCH_SEGMENT_ASSIGNMENTS', 1_000),
    degradationRegistrations: positiveNumber('BENCH_DEGRADATION_REGISTRATIONS', 10_000),
    onlyLifecycle: onlyLifecycle(),
  };
}
