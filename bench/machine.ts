// The machine a run measured on, saved with its figures: req/s and ratios compare only between runs
// on the same cores, CPU, memory, Node and daprd build.
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { binDir } from './platform.js';
import { round } from './stats.js';

export interface Machine {
  /** os.availableParallelism(): what libuv's pool and the closed-loop bounds can use. */
  cores: number;
  cpuModel: string;
  memoryBytes: number;
  memoryGiB: number;
  node: string;
  /** `daprd --version` of the binary the run starts (a patched build says so). */
  daprd: string;
}

function daprdVersion(): string {
  const run = spawnSync(join(binDir, 'daprd'), ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (run.error) return `unknown (${run.error.message})`;
  return (run.stdout || run.stderr).trim();
}

export function machine(): Machine {
  const memoryBytes = totalmem();
  return { cores: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown', memoryBytes, memoryGiB: round(memoryBytes / 2 ** 30, 1), node: process.version, daprd: daprdVersion() };
}

export function describeMachine(m: Machine): string {
  return `${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, node ${m.node}, daprd ${m.daprd}`;
}
