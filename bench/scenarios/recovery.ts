// After an overload the customer app can keep failing for a while (work abandoned by timed-out
// callers still runs; daprd may hold it unhealthy): wait until a registration succeeds again, and
// report how long that took, before measuring anything else.
import { randomUUID } from 'node:crypto';
import type { RunningApp } from '../../scripts/runtime/apps.js';
import { round } from '../stats.js';
import { PASSWORD } from './registration.js';

export async function waitForRegistrations(customer: RunningApp, tag: string, timeoutMs = 180_000): Promise<{ recovered: boolean; seconds: number }> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const res = await fetch(`${customer.daprUrl}/v1.0/invoke/customer/method/v1/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'dapr-api-token': customer.daprApiToken },
      body: JSON.stringify({ email: `probe.${tag}.${randomUUID()}@bench.example.com`, password: PASSWORD, firstName: 'Bench', lastName: 'Probe' }),
    }).catch(() => undefined);
    await res?.arrayBuffer();
    if (res?.status === 201) return { recovered: true, seconds: round((Date.now() - started) / 1000, 1) };
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  return { recovered: false, seconds: round(timeoutMs / 1000, 1) };
}
