// Whether reads slow down as the platform fills: the read measured on the fresh platform, and again
// after N registrations. Those the run did anyway (A, the burst) count; registerMore fills up the rest.
import { randomUUID } from 'node:crypto';
import type { RunningApp } from '../../scripts/runtime/apps.js';
import { round, type Comparison } from '../stats.js';
import { PASSWORD } from './registration.js';

export const FILL_LOAD = 'registrations up to the degradation count';

export interface Fill {
  requested: number;
  registered: number;
  /** Status (or "network") -> count, for every attempt that did not answer 201. */
  failures: Record<string, number>;
  seconds: number;
  perSecond: number;
}

/** `count` more registrations by `workers` back-to-back loops; gives up after as many failures. */
export async function registerMore(customer: RunningApp, count: number, workers: number, tag: string): Promise<Fill> {
  const failures: Record<string, number> = {};
  let registered = 0;
  let failed = 0;
  // A broken app must not keep the run here: stop once failures reach a tenth of the count (≥ 100).
  const maxFailures = Math.max(100, Math.ceil(count / 10));
  const started = Date.now();
  const worker = async () => {
    while (registered < count && failed < maxFailures) {
      const reason = await register(customer, tag);
      if (reason === undefined) registered++;
      else {
        failed++;
        failures[reason] = (failures[reason] ?? 0) + 1;
      }
    }
  };
  console.log(`\nregistering ${count} more customers (${workers} in flight) before the read is measured again`);
  await Promise.all(Array.from({ length: workers }, worker));
  const seconds = (Date.now() - started) / 1000;
  const fill = { requested: count, registered, failures, seconds: round(seconds), perSecond: round(registered / seconds, 1) };
  console.log(`  registered ${registered}/${count} in ${fill.seconds} s (${fill.perSecond} /s); failures ${JSON.stringify(failures)}`);
  return fill;
}

/** One registration with a unique email; undefined when it answered 201, else why not. */
async function register(customer: RunningApp, tag: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${customer.daprUrl}/v1.0/invoke/customer/method/v1/customers`, {
      method: 'POST',
      // A sidecar retry of a slow registration then answers 201, not 409.
      headers: { 'content-type': 'application/json', 'dapr-api-token': customer.daprApiToken, 'idempotency-key': `bench-${randomUUID()}` },
      body: JSON.stringify({ email: `fill.${tag}.${randomUUID()}@bench.example.com`, password: PASSWORD, firstName: 'Bench', lastName: 'Fill' }),
      signal: AbortSignal.timeout(30_000),
    });
    await res.arrayBuffer();
    return res.status === 201 ? undefined : String(res.status);
  } catch {
    return 'network';
  }
}

export interface Degradation {
  /** Registrations done in the run before the late read (A's and the burst's 201s, plus the fill). */
  registrations: number;
  beforeRps: number;
  afterRps: number;
  changePercent: number;
  floorBeforeRps: number;
  floorAfterRps: number;
  floorChangePercent: number;
  fill: Fill | null;
}

const change = (before: number, after: number): number => round(((after - before) / before) * 100, 1);

export function readChange(before: Comparison, after: Comparison, registrations: number, fill: Fill | null): Degradation {
  const figures = {
    registrations,
    beforeRps: round(before.app.rps, 1),
    afterRps: round(after.app.rps, 1),
    changePercent: change(before.app.rps, after.app.rps),
    floorBeforeRps: round(before.raw.rps, 1),
    floorAfterRps: round(after.raw.rps, 1),
    floorChangePercent: change(before.raw.rps, after.raw.rps),
    fill,
  };
  console.log(`\nread before: ${figures.beforeRps} req/s, after ${registrations} registrations: ${figures.afterRps} req/s (change ${figures.changePercent}%)`);
  console.log(`  its floor, raw state GET: ${figures.floorBeforeRps} req/s before, ${figures.floorAfterRps} req/s after (change ${figures.floorChangePercent}%)`);
  return figures;
}
