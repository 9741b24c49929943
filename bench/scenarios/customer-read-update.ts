// Reads and updates of customers, each against its raw-daprd floor in the same run. Read: GET
// /v1/customers/{id} with the customer's own bearer token through the sidecar, against a raw state
// GET of the same document. Update: PATCH /v1/customers/{id} (actor turn, outbox transaction with
// customer.updated), against the raw outbox transaction an update writes. One customer per
// connection, so the figures are not one actor's serial rate.
import { randomUUID } from 'node:crypto';
import type { RunningApp } from '../../scripts/runtime/apps.js';
import { customerKey, type CustomerAggregate } from '../../customer/src/domain/customer.js';
import { withProfileChanges } from '../../customer/src/domain/profile-update.js';
import type { Platform } from '../platform.js';
import { httpLoad } from '../load.js';
import { printRatio, printResult } from '../stats.js';
import { authClient } from './auth.js';
import type { LoadSettings } from './registration.js';

interface Subject {
  id: string;
  accessToken: string;
}

async function subjects(platform: Platform, count: number, tag: string): Promise<Subject[]> {
  const client = authClient(platform);
  return Promise.all(
    Array.from({ length: count }, async () => {
      const email = await client.customer(tag);
      const tokens = await client.login(email);
      const [, payload] = tokens.accessToken.split('.');
      return { id: (JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { sub: string }).sub, accessToken: tokens.accessToken };
    }),
  );
}

/** Each autocannon connection keeps one subject, handed out round robin on its first request. */
function bySlot<T>(items: T[]): (context: { slot?: T }) => T {
  let next = 0;
  return (context) => (context.slot ??= items[next++ % items.length]!);
}

async function stored(customer: RunningApp, id: string): Promise<CustomerAggregate> {
  const res = await fetch(`${customer.daprUrl}/v1.0/state/customer-store/${encodeURIComponent(customerKey(id))}`, { headers: { 'dapr-api-token': customer.daprApiToken } });
  return (await res.json()) as CustomerAggregate;
}

export async function customerReadUpdateSuite(platform: Platform, settings: LoadSettings, tag: string) {
  const customer = platform.apps.customer;
  const people = await subjects(platform, settings.connections, tag);
  const origin = customer.daprUrl;
  const token = { 'dapr-api-token': customer.daprApiToken };

  console.log('\nread: GET /v1/customers/{id} vs raw state GET of the document');
  const subjectOf = bySlot(people);
  const read = await httpLoad<{ slot?: Subject }>({
    name: 'GET /v1/customers/{id} via sidecar',
    method: 'GET',
    url: `${origin}/v1.0/invoke/customer/method/v1/customers/${people[0]!.id}`,
    path: (context) => `/v1.0/invoke/customer/method/v1/customers/${subjectOf(context).id}`,
    requestHeaders: (context) => ({ authorization: `Bearer ${subjectOf(context).accessToken}` }),
    headers: token,
    ...settings,
  });
  const rawRead = await httpLoad<{ slot?: Subject }>({
    name: 'raw daprd state GET (floor)',
    method: 'GET',
    url: `${origin}/v1.0/state/customer-store/${encodeURIComponent(customerKey(people[0]!.id))}`,
    path: (context) => `/v1.0/state/customer-store/${encodeURIComponent(customerKey(subjectOf(context).id))}`,
    headers: token,
    ...settings,
  });
  printResult(read);
  printResult(rawRead);
  const readRatio = printRatio('read / floor', read, rawRead);

  console.log('\nupdate: PATCH /v1/customers/{id} vs the raw outbox transaction of an update');
  let counter = 0;
  const update = await httpLoad<{ slot?: Subject }>({
    name: 'PATCH /v1/customers/{id} via sidecar',
    method: 'PATCH',
    url: `${origin}/v1.0/invoke/customer/method/v1/customers/${people[0]!.id}`,
    path: (context) => `/v1.0/invoke/customer/method/v1/customers/${subjectOf(context).id}`,
    requestHeaders: (context) => ({ authorization: `Bearer ${subjectOf(context).accessToken}` }),
    headers: token,
    body: () => JSON.stringify({ firstName: `Bench${(counter += 1)}` }),
    ...settings,
  });
  const documents = new Map(await Promise.all(people.map(async (p) => [p.id, await stored(customer, p.id)] as const)));
  const rawUpdate = await httpLoad<{ slot?: Subject }>({
    name: 'raw daprd outbox transaction of an update (floor)',
    url: `${origin}/v1.0/state/customer-store/transaction`,
    headers: token,
    body: (context) => {
      const subject = subjectOf(context);
      const { next, event } = withProfileChanges(documents.get(subject.id)!, { firstName: `Raw${randomUUID().slice(0, 8)}` }, new Date());
      const key = customerKey(subject.id);
      return JSON.stringify({
        operations: [
          { operation: 'upsert', request: { key, value: next, metadata: { type: 'customer.updated', contentType: 'application/json' } } },
          { operation: 'upsert', request: { key, value: event, metadata: { 'outbox.projection': 'true', contentType: 'application/json' } } },
        ],
      });
    },
    ...settings,
  });
  printResult(update);
  printResult(rawUpdate);
  const updateRatio = printRatio('update / floor', update, rawUpdate);
  return { read: { app: read, raw: rawRead, ratio: readRatio }, update: { app: update, raw: rawUpdate, ratio: updateRatio } };
}
