// How busy the platform's sidecars stay after a load: a load can leave daprd working for minutes
// (retries, outbox and pub/sub backlogs), which the next load would then pay for. Sampled in 5 s
// windows right after each load until every daprd is below a tenth of a core, or 60 s have passed.
import { coreShare } from '../scripts/runtime/cpu.js';
import type { Platform } from './platform.js';
import { round } from './stats.js';

const WINDOW_MS = 5_000;
const LIMIT_MS = 60_000;
/** Share of one core below which a sidecar counts as quiet. */
export const QUIET_SHARE = 0.1;

export interface SidecarCpu {
  /** Share of one core in the first window after the load (the aftermath), null when the process is gone. */
  firstShare: number | null;
  /** Share of one core in the last window sampled. */
  share: number | null;
  /** Seconds after the load from which it stayed below QUIET_SHARE; null if it did not within the limit. */
  quietAfterSeconds: number | null;
}

export interface SidecarsAfter {
  load: string;
  sidecars: Record<string, SidecarCpu>;
  /** Seconds after the load until all were below QUIET_SHARE in the same window; null if never within the limit. */
  allQuietAfterSeconds: number | null;
}

/** What a scenario calls after each of its loads, with the load's name. */
export type AfterLoad = (load: string) => Promise<unknown>;

/** Read at each call: an app restarted meanwhile has a new daprd. */
function sidecarPids(platform: Platform): Record<string, number | undefined> {
  const { auth, user, customer } = platform.apps;
  return { auth: auth.daprd.child.pid, user: user.daprd.child.pid, customer: customer.daprd.child.pid, subscriber: platform.subscriber.daprd.child.pid };
}

const percent = (share: number | null): string => (share === null ? 'gone' : `${round(share * 100, 1)}%`);

export async function sidecarsAfter(platform: Platform, load: string): Promise<SidecarsAfter> {
  const pids = Object.entries(sidecarPids(platform));
  const cpu: Record<string, SidecarCpu> = Object.fromEntries(pids.map(([name]) => [name, { firstShare: null, share: null, quietAfterSeconds: null }]));
  const started = performance.now();
  let allQuietAfterSeconds: number | null = null;
  for (let window = 0; allQuietAfterSeconds === null && performance.now() - started < LIMIT_MS; window++) {
    const shares = await Promise.all(pids.map(async ([, pid]) => (pid === undefined ? undefined : coreShare(pid, WINDOW_MS))));
    const elapsed = round((performance.now() - started) / 1000, 1);
    pids.forEach(([name], i) => {
      const measured = shares[i];
      const share = measured === undefined ? null : round(measured, 4);
      const figures = cpu[name]!;
      if (window === 0) figures.firstShare = share;
      figures.share = share;
      // A sidecar that is gone uses no CPU: it does not hold the others back.
      if (share !== null && share >= QUIET_SHARE) figures.quietAfterSeconds = null;
      else figures.quietAfterSeconds ??= elapsed;
    });
    if (Object.values(cpu).every((c) => c.quietAfterSeconds !== null)) allQuietAfterSeconds = elapsed;
  }
  const shares = Object.entries(cpu).map(([name, c]) => `${name} ${percent(c.share)}`).join(', ');
  const busy = Object.entries(cpu).filter(([, c]) => c.quietAfterSeconds === null).map(([name]) => name);
  const verdict = allQuietAfterSeconds === null ? `${busy.join(', ')} still above ${QUIET_SHARE * 100}% after ${LIMIT_MS / 1000} s` : `all below ${QUIET_SHARE * 100}% after ${Math.round(allQuietAfterSeconds)} s`;
  console.log(`  sidecars after ${load}: ${shares} (${verdict})`);
  return { load, sidecars: cpu, allQuietAfterSeconds };
}

/** Samples after each load and keeps every sample, in run order, for the results and the table. */
export function sidecarWatch(platform: Platform): { after: AfterLoad; log: SidecarsAfter[] } {
  const log: SidecarsAfter[] = [];
  return {
    log,
    after: async (load) => {
      log.push(await sidecarsAfter(platform, load));
    },
  };
}
