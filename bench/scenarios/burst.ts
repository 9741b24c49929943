// The event-delivery burst: many registrations through the customer app's sidecar with a bounded
// number in flight, each commit timed when its 201 arrives.
import { randomUUID } from 'node:crypto';
import type { RunningApp } from '../../scripts/runtime/apps.js';
import type { Commits } from '../commits.js';
import { round } from '../stats.js';
import { PASSWORD } from './registration.js';

export interface BurstResult {
  requested: number;
  registered: number;
  seconds: number;
  registrationsPerSecond: number;
  /** Status (or "network") -> count, for every registration that did not answer 201. */
  failures: Record<string, number>;
}

export async function registrationBurst(customer: RunningApp, count: number, concurrency: number, tag: string, commits: Commits): Promise<BurstResult> {
  const failures: Record<string, number> = {};
  const fail = (reason: string) => (failures[reason] = (failures[reason] ?? 0) + 1);
  let next = 0;
  const started = Date.now();
  const worker = async () => {
    while (next < count) {
      next++;
      try {
        const res = await fetch(`${customer.daprUrl}/v1.0/invoke/customer/method/v1/customers`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'dapr-api-token': customer.daprApiToken },
          body: JSON.stringify({ email: `burst.${tag}.${randomUUID()}@bench.example.com`, password: PASSWORD, firstName: 'Bench', lastName: 'Burst' }),
        });
        const body = (await res.json()) as { id?: string };
        if (res.status === 201 && body.id) commits.set(body.id, Date.now());
        else fail(String(res.status));
      } catch {
        fail('network');
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (Date.now() - started) / 1000;
  return { requested: count, registered: commits.size, seconds: round(seconds), registrationsPerSecond: round(commits.size / seconds, 1), failures };
}
