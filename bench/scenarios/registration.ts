// Benchmark A: POST /v1/customers through the customer app's sidecar (service invocation), a unique
// email per request. Baseline B: the same outbox transaction sent straight to the same daprd's state
// API on the same store. Both record which customers committed when, for the delivery figures.
import { randomUUID } from 'node:crypto';
import type { RunningApp } from '../../scripts/runtime/apps.js';
import type { Commits } from '../commits.js';
import { httpLoad } from '../load.js';
import type { LoadResult } from '../stats.js';
import type { OutboxTransactionFactory } from './outbox-transaction.js';

export interface LoadSettings {
  seconds: number;
  connections: number;
}

export const PASSWORD = 'correct horse battery';

export function registrationThroughApp(customer: RunningApp, settings: LoadSettings, tag: string, commits: Commits): Promise<LoadResult> {
  return httpLoad<object>({
    name: 'A: POST /v1/customers via sidecar',
    url: `${customer.daprUrl}/v1.0/invoke/customer/method/v1/customers`,
    headers: { 'dapr-api-token': customer.daprApiToken },
    body: () => JSON.stringify({ email: `a.${tag}.${randomUUID()}@bench.example.com`, password: PASSWORD, firstName: 'Bench', lastName: 'App' }),
    onResponse: (status, body) => {
      if (status === 201) commits.set((JSON.parse(body) as { id: string }).id, Date.now());
    },
    ...settings,
  });
}

export function rawOutboxTransaction(customer: RunningApp, settings: LoadSettings, nextTransaction: OutboxTransactionFactory, commits: Commits): Promise<LoadResult> {
  return httpLoad<{ customerId?: string }>({
    name: 'B: raw daprd outbox transaction (baseline)',
    url: `${customer.daprUrl}/v1.0/state/customer-store/transaction`,
    headers: { 'dapr-api-token': customer.daprApiToken },
    body: (context) => {
      const transaction = nextTransaction();
      context.customerId = transaction.customerId;
      return transaction.body;
    },
    onResponse: (status, _body, context) => {
      if (status >= 200 && status < 300 && context.customerId) commits.set(context.customerId, Date.now());
    },
    ...settings,
  });
}
