// One run's figures, and how they are saved: bench/results/<ISO timestamp>.json (":" and "." made
// "-" so the name is portable); git ignores them except .gitkeep.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Machine } from './machine.js';
import { root } from './platform.js';
import type { BenchSettings } from './settings.js';
import type { SidecarsAfter } from './sidecars.js';
import type { Comparison, LoadResult, Ratio } from './stats.js';
import type { Summary } from './summary.js';
import type { Degradation } from './scenarios/degradation.js';

/** The part of lifecycleSuite's `erasures` figure the table reads (bench/scenarios/lifecycle.ts). */
export interface ErasureFigures {
  dueAtOnce: number;
  handled: number;
  perSecond: number;
  rawOutboxPerSecond: number | null;
  ratio: number | null;
  /** Times daprd marked the customer app unhealthy while the burst ran. */
  unhealthyMarks?: number;
}

/** Filled as the run goes; the named figures are the ones the final table reads. */
export interface RunResults {
  at: string;
  settings: BenchSettings;
  machine?: Machine;
  /** Every sidecar sample, in run order: one per load. */
  sidecarCpu?: SidecarsAfter[];
  readEarly?: Comparison;
  registration?: { app: LoadResult; raw: LoadResult; ratio: Ratio; documentBytes: number; hashBound: LoadResult; hashRatio: number };
  introspection?: { app: LoadResult; baseline: LoadResult; ratio: Ratio; ownPort: LoadResult; ownPortRatio: Ratio };
  refresh?: LoadResult;
  login?: { app: LoadResult; hashBound: LoadResult; ratio: number };
  sessions?: LoadResult;
  read?: Comparison;
  customersMe?: Comparison;
  invocationHop?: Comparison;
  update?: Comparison;
  degradation?: Degradation;
  erasures?: ErasureFigures;
  table?: Summary;
  error?: string;
  [figure: string]: unknown;
}

/** Whether anything was measured (a run stopped at the runtime lock has nothing worth a file). */
export function hasFigures(results: RunResults): boolean {
  return Boolean(results.sidecarCpu?.length);
}

export function saveResults(at: string, results: object): string {
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
