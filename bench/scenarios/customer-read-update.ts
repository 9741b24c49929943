// Reads and updates of customers, each against its raw-daprd floor in the same run. Read: GET
// /v1/customers/{id} with the customer's own bearer token through the sidecar, against a raw state
// GET of the same document; GET /v1/customers/me (the same document, found from the token) against
// that floor too. Update: PATCH /v1/customers/{id} (actor turn, outbox transaction with
// customer.updated), against the raw outbox transaction an update writes. One customer per
// connection, so the figures are not one actor's serial rate.
import { randomUUID } from 'node:crypto';
import type { RunningApp } from '../../scripts/runtime/apps.js';
import { customerKey, type CustomerAggregate } from '../../customer/src/domain/customer.js';
import { withProfileChanges } from '../../customer/src/domain/profile-update.js';
import type { Platform } from '../platform.js';
import { httpLoad } from '../load.js';
import type { AfterLoad } from '../sidecars.js';
import { printRatio, printResult, type Comparison, type LoadResult } from '../stats.js';
import type { LoadSettings } from './registration.js';
import { bySlot, signInAgain, type Subject } from './subjects.js';

type Slot = { slot?: Subject };

const WARM_UP_SECONDS = 5;

const invokePath = (path: string) => `/v1.0/invoke/customer/method${path}`;
const statePath = (id: string) => `/v1.0/state/customer-store/${encodeURIComponent(customerKey(id))}`;
const bearer = (subject: Subject) => ({ authorization: `Bearer ${subject.accessToken}` });

async function stored(customer: RunningApp, id: string): Promise<CustomerAggregate> {
  const res = await fetch(`${customer.daprUrl}${statePath(id)}`, { headers: { 'dapr-api-token': customer.daprApiToken } });
  return (await res.json()) as CustomerAggregate;
}

/** GET /v1/customers/{id} and its raw state GET floor; `phase` tells an early measurement apart. */
export async function readSuite(customer: RunningApp, people: Subject[], settings: LoadSettings, after: AfterLoad, phase?: string): Promise<Comparison> {
  const suffix = phase ? ` (${phase})` : '';
  console.log(`\nread${suffix}: GET /v1/customers/{id} vs raw state GET of the document`);
  const subjectOf = bySlot(people);
  const headers = { 'dapr-api-token': customer.daprApiToken };
  // Unmeasured first: a cold app (JIT, connection pools) would make the early figure a warm-up
  // figure, and the degradation comparison meaningless.
  await httpLoad<Slot>({
    name: 'warm-up',
    method: 'GET',
    url: `${customer.daprUrl}${invokePath(`/v1/customers/${people[0]!.id}`)}`,
    path: (context) => invokePath(`/v1/customers/${subjectOf(context).id}`),
    requestHeaders: (context) => bearer(subjectOf(context)),
    headers,
    seconds: WARM_UP_SECONDS,
    connections: settings.connections,
  });
  const app = await httpLoad<Slot>({
    name: `GET /v1/customers/{id} via sidecar${suffix}`,
    method: 'GET',
    url: `${customer.daprUrl}${invokePath(`/v1/customers/${people[0]!.id}`)}`,
    path: (context) => invokePath(`/v1/customers/${subjectOf(context).id}`),
    requestHeaders: (context) => bearer(subjectOf(context)),
    headers,
    ...settings,
  });
  printResult(app);
  await after(app.name);
  const raw = await httpLoad<Slot>({
    name: phase ? `raw daprd state GET (floor, ${phase})` : 'raw daprd state GET (floor)',
    method: 'GET',
    url: `${customer.daprUrl}${statePath(people[0]!.id)}`,
    path: (context) => statePath(subjectOf(context).id),
    headers,
    ...settings,
  });
  printResult(raw);
  await after(raw.name);
  return { app, raw, ratio: printRatio('read / floor', app, raw) };
}

/** GET /v1/customers/me: each connection's own record, against the read's floor. */
export async function meSuite(customer: RunningApp, people: Subject[], settings: LoadSettings, floor: LoadResult, after: AfterLoad): Promise<Comparison> {
  console.log('\nread: GET /v1/customers/me vs raw state GET of the document');
  const subjectOf = bySlot(people);
  const app = await httpLoad<Slot>({
    name: 'GET /v1/customers/me via sidecar',
    method: 'GET',
    url: `${customer.daprUrl}${invokePath('/v1/customers/me')}`,
    requestHeaders: (context) => bearer(subjectOf(context)),
    headers: { 'dapr-api-token': customer.daprApiToken },
    ...settings,
  });
  printResult(app);
  await after(app.name);
  printResult(floor);
  return { app, raw: floor, ratio: printRatio('me / floor', app, floor) };
}

/** GET /healthz through the sidecar: the invocation hop alone (daprd -> app -> daprd, no token, no
 * actor, no store), the ceiling of any read the app serves through its sidecar. Not a target: it
 * says how much of a read's cost is the hop, and how much is the app. */
export async function invocationHopSuite(customer: RunningApp, settings: LoadSettings, floor: LoadResult, after: AfterLoad): Promise<Comparison> {
  console.log('\nthe invocation hop alone: GET /healthz via sidecar vs raw state GET');
  const app = await httpLoad({
    name: 'GET /healthz via sidecar (the hop alone)',
    method: 'GET',
    url: `${customer.daprUrl}${invokePath('/healthz')}`,
    headers: { 'dapr-api-token': customer.daprApiToken },
    ...settings,
  });
  printResult(app);
  await after(app.name);
  return { app, raw: floor, ratio: printRatio('hop / floor', app, floor) };
}

/** PATCH /v1/customers/{id} and the raw outbox transaction an update writes. */
export async function updateSuite(customer: RunningApp, people: Subject[], settings: LoadSettings, after: AfterLoad): Promise<Comparison> {
  console.log('\nupdate: PATCH /v1/customers/{id} vs the raw outbox transaction of an update');
  const subjectOf = bySlot(people);
  const headers = { 'dapr-api-token': customer.daprApiToken };
  let counter = 0;
  const app = await httpLoad<Slot>({
    name: 'PATCH /v1/customers/{id} via sidecar',
    method: 'PATCH',
    url: `${customer.daprUrl}${invokePath(`/v1/customers/${people[0]!.id}`)}`,
    path: (context) => invokePath(`/v1/customers/${subjectOf(context).id}`),
    requestHeaders: (context) => bearer(subjectOf(context)),
    headers,
    body: () => JSON.stringify({ firstName: `Bench${(counter += 1)}` }),
    ...settings,
  });
  printResult(app);
  await after(app.name);
  const documents = new Map(await Promise.all(people.map(async (p) => [p.id, await stored(customer, p.id)] as const)));
  const raw = await httpLoad<Slot>({
    name: 'raw daprd outbox transaction of an update (floor)',
    url: `${customer.daprUrl}/v1.0/state/customer-store/transaction`,
    headers,
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
  printResult(raw);
  await after(raw.name);
  return { app, raw, ratio: printRatio('update / floor', app, raw) };
}

/** The late read (where it was always measured), /me against its floor, then the updates. */
export async function customerReadUpdateSuite(platform: Platform, readers: Subject[], settings: LoadSettings, after: AfterLoad) {
  const customer = platform.apps.customer;
  const people = await signInAgain(platform, readers);
  const read = await readSuite(customer, people, settings, after);
  const customersMe = await meSuite(customer, people, settings, read.raw, after);
  const invocationHop = await invocationHopSuite(customer, settings, read.raw, after);
  const update = await updateSuite(customer, people, settings, after);
  return { read, customersMe, invocationHop, update };
}
