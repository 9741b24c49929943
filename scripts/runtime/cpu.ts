// CPU time of a process from /proc (Linux): how much of one core it used over an interval. The
// benchmark prints it after each load and the runtime tests assert a sidecar goes back to idle.
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** User plus system CPU seconds the process has used so far, or undefined when it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields from the closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** The share of one core (1 = a full core) the process used over the next `ms` milliseconds. */
export async function coreShare(pid: number, ms: number): Promise<number | undefined> {
  const before = cpuSeconds(pid);
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = cpuSeconds(pid);
  if (before === undefined || after === undefined) return undefined;
  return (after - before) / ((performance.now() - start) / 1000);
}
