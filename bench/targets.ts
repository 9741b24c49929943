// The performance issue's targets, one per row of the final table, and whether figures meet them.
// A target that lacks a figure it needs (a load that failed) is neither met nor missed.

/** What a row offers its target: throughput and p99, the ratio to its floor, or a suite's verdict. */
export interface RowFigures {
  rps?: number;
  p99?: number;
  ratio?: number;
  complete?: boolean;
}

export interface Target {
  text: string;
  met: (figures: RowFigures) => boolean | undefined;
}

const grouped = (n: number): string => n.toLocaleString('en-US');

const atLeastRps = (n: number): Target => ({ text: `≥ ${grouped(n)} req/s`, met: (f) => (f.rps === undefined ? undefined : f.rps >= n) });
const p99AtMost = (ms: number): Target => ({ text: `p99 ≤ ${ms} ms`, met: (f) => (f.p99 === undefined ? undefined : f.p99 <= ms) });
const ratioAtLeast = (x: number, floor: string): Target => ({ text: `≥ ${x}× ${floor}`, met: (f) => (f.ratio === undefined ? undefined : f.ratio >= x) });
const verdict = (text: string): Target => ({ text, met: (f) => f.complete });

function both(a: Target, b: Target): Target {
  return {
    text: `${a.text} and ${b.text}`,
    met: (f) => {
      const [x, y] = [a.met(f), b.met(f)];
      return x === undefined || y === undefined ? undefined : x && y;
    },
  };
}

export const NO_TARGET: Target = { text: '—', met: () => undefined };

export const TARGETS = {
  introspectionOwnPort: both(atLeastRps(3_500), p99AtMost(10)),
  introspectionSidecar: atLeastRps(1_500),
  customersMe: both(atLeastRps(1_400), ratioAtLeast(0.5, 'raw state GET')),
  customerRead: both(atLeastRps(1_400), ratioAtLeast(0.5, 'raw state GET')),
  customerUpdate: ratioAtLeast(0.5, 'raw outbox transaction of an update'),
  login: ratioAtLeast(0.8, 'scrypt verifications alone'),
  registration: ratioAtLeast(0.8, 'hashPassword alone'),
  refresh: atLeastRps(700),
  sessions: NO_TARGET,
  invocationHop: NO_TARGET,
  // Either way: a read much faster later means the early figure was taken on a cold app.
  readDegradation: { text: '< 20% change', met: (f) => (f.ratio === undefined ? undefined : Math.abs(f.ratio - 1) < 0.2) },
  sidecarsQuiet: verdict('all < 10% of a core within 60 s'),
  erasures: verdict('all complete, none lost, app never unhealthy'),
} satisfies Record<string, Target>;

export type RowId = keyof typeof TARGETS;
