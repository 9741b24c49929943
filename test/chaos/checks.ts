// What the chaos suite checks after each fault, against the stores and the event streams rather than
// the answers alone: every registration answered 201 is stored and has exactly one
// `customer.created`; a registration refused is not stored (or, if it is, has its event: never state
// without its event) and its email can be registered again (no claim without its owner); every
// accepted profile change is the stored state and has its event; every directory row equals its
// aggregate; every erasure that came due during the fault ran exactly once; no answer is a 500
// (only 2xx, 4xx, or 503 with Retry-After).
import { customerDatabase, invoke, receivedEvents } from '../harness/clients.js';
import { PASSWORD } from '../harness/identities.js';
import type { LoadRun, Shopper } from './load.js';

export interface FaultReport {
  fault: string;
  byStatus: Record<string, number>;
  /** 5xx other than 503 with Retry-After, and failed connections. */
  serverErrors: number;
  /** Of those, requests that got no answer at all (connection refused or reset, client timeout). */
  unanswered: number;
  /** A few bodies of those 5xx, for the failure message. */
  serverErrorSamples: string[];
  /** Answered 201, but no `customer.created` arrived. */
  lost: number;
  /** Answered 201, and more than one distinct `customer.created` arrived. */
  duplicated: number;
  /** Refused, yet stored without its event. */
  orphaned: number;
  /** Refused and not stored, yet a `customer.created` for its email arrived (an event without state). */
  eventsWithoutState: number;
  /** Refused, yet stored with its event (the client was told it failed although it committed). */
  committedButRefused: number;
  /** A profile whose stored last name is not the last one accepted, or whose change has no event. */
  wrongState: number;
  /** Directory rows that still differ from their aggregate (email, last name, status) after 60 s. */
  readModelBehind: number;
  /** Erasures due during the fault that did not end with exactly one `customer.deleted`. */
  erasuresNotOnce: number;
  /** Refused registrations whose email could not be registered again within 60 s. */
  claimsStuck: number;
  /** From the end of the fault until every app's /readyz answers 200 again. */
  recoverySeconds: number;
  /** From the end of the fault until the first registration answered 201 (null: none did). */
  registeringAgainSeconds: number | null;
}

const storedByEmail = async (emails: string[]): Promise<Map<string, string>> => {
  if (!emails.length) return new Map();
  const { rows } = await customerDatabase().query<{ email: string; id: string }>(
    `SELECT convert_from(value, 'UTF8')::jsonb -> 'customer' ->> 'email' AS email, convert_from(value, 'UTF8')::jsonb -> 'customer' ->> 'id' AS id
       FROM agg_state WHERE key LIKE 'customer||customer:%' AND convert_from(value, 'UTF8')::jsonb -> 'customer' ->> 'email' = ANY($1)`,
    [emails],
  );
  return new Map(rows.map((r) => [r.email, r.id]));
};

const storedLastNames = async (ids: string[]): Promise<Map<string, string>> => {
  if (!ids.length) return new Map();
  const { rows } = await customerDatabase().query<{ id: string; last_name: string }>(
    `SELECT substring(key from 'customer:(.*)$') AS id, convert_from(value, 'UTF8')::jsonb -> 'profile' ->> 'lastName' AS last_name
       FROM agg_state WHERE key = ANY($1)`,
    [ids.map((id) => `customer||customer:${id}`)],
  );
  return new Map(rows.map((r) => [r.id, r.last_name]));
};

interface Row {
  email: string;
  last_name: string;
  status: string;
}

const aggregateRows = async (ids: string[]): Promise<Map<string, Row>> => {
  const { rows } = await customerDatabase().query<Row & { id: string }>(
    `SELECT substring(key from 'customer:(.*)$') AS id, doc -> 'customer' ->> 'email' AS email, doc -> 'profile' ->> 'lastName' AS last_name, doc -> 'customer' ->> 'status' AS status
       FROM (SELECT key, convert_from(value, 'UTF8')::jsonb AS doc FROM agg_state WHERE key = ANY($1)) AS documents`,
    [ids.map((id) => `customer||customer:${id}`)],
  );
  return new Map(rows.map(({ id, ...row }) => [id, row]));
};

const directoryRows = async (ids: string[]): Promise<Map<string, Row>> => {
  const { rows } = await customerDatabase().query<Row & { id: string }>('SELECT id, email, last_name, status FROM directory.customers WHERE id = ANY($1)', [ids]);
  return new Map(rows.map(({ id, ...row }) => [id, row]));
};

/** Customers whose directory row still differs from their aggregate once `timeoutMs` has passed. */
async function readModelBehind(ids: string[], timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [aggregates, directory] = await Promise.all([aggregateRows(ids), directoryRows(ids)]);
    const behind = ids.filter((id) => JSON.stringify(aggregates.get(id)) !== JSON.stringify(directory.get(id))).length;
    if (behind === 0 || Date.now() > deadline) return behind;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

/** Refused registrations' emails that still cannot register after the claims' pending timeout (30 s). */
async function claimsStuck(emails: string[], timeoutMs = 60_000): Promise<number> {
  const stuck = await Promise.all(
    emails.map(async (email) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const res = await invoke('customer', 'customer', 'v1/customers', { method: 'POST', body: { email, password: PASSWORD, firstName: 'Chaos', lastName: 'Again' } }).catch(() => ({ status: 0 }));
        if (res.status === 201) return false;
        if (Date.now() > deadline) return true;
        await new Promise((resolve) => setTimeout(resolve, 3_000));
      }
    }),
  );
  return stuck.filter(Boolean).length;
}

/** Erasures that did not end with exactly one customer.deleted and an erased document. */
async function erasuresNotOnce(ids: string[], timeoutMs = 120_000): Promise<number> {
  const deleted = await eventIds('customer.deleted', ids, timeoutMs);
  const documents = await aggregateRows(ids);
  return ids.filter((id) => deleted.get(id)!.size !== 1 || documents.get(id)?.email !== `erased.${id}@erased.invalid`).length;
}

/** Distinct event ids per customer of one event type, once every expected one arrived or time ran out. */
async function eventIds(type: string, customerIds: string[], timeoutMs: number): Promise<Map<string, Set<string>>> {
  const ids = new Map<string, Set<string>>();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const id of customerIds) {
      const found = await receivedEvents(type, id);
      ids.set(id, new Set(found.filter((e) => e.event.data.customerId === id).map((e) => e.event.id)));
    }
    if ([...ids.values()].every((s) => s.size > 0) || Date.now() > deadline) return ids;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

export async function checkRun(fault: string, run: LoadRun, restoredAt: number, recoverySeconds: number, erasures: string[], eventTimeoutMs = 150_000): Promise<FaultReport> {
  const byStatus: Record<string, number> = {};
  let serverErrors = 0;
  let unanswered = 0;
  const serverErrorSamples: string[] = [];
  for (const a of run.answers) {
    if (a.status === 0) unanswered++;
    const key = `${a.operation} ${a.status || 'no answer'}${a.code ? ` ${a.code}` : ''}`;
    byStatus[key] = (byStatus[key] ?? 0) + 1;
    if (a.status === 0 || (a.status >= 500 && !(a.status === 503 && a.retryAfter))) {
      serverErrors++;
      if (a.status && serverErrorSamples.length < 3) serverErrorSamples.push(`${a.operation} ${a.status} ${a.detail ?? a.code ?? ''}`);
    }
  }

  const refusedStored = await storedByEmail(run.refusedEmails);
  // A registration cut off with its sidecar may still finish in the app: wait for it to settle.
  await new Promise((resolve) => setTimeout(resolve, run.unansweredEmails.length ? 10_000 : 0));
  const unansweredStored = await storedByEmail(run.unansweredEmails);
  const created = await eventIds('customer.created', [...run.shoppers.map((s) => s.id), ...refusedStored.values(), ...unansweredStored.values()], eventTimeoutMs);
  let lost = 0;
  let duplicated = 0;
  for (const shopper of run.shoppers) {
    const ids = created.get(shopper.id)!;
    if (ids.size === 0) lost++;
    if (ids.size > 1) duplicated++;
  }
  let orphaned = 0;
  let committedButRefused = 0;
  for (const id of refusedStored.values()) {
    if (created.get(id)!.size === 0) orphaned++;
    else committedButRefused++;
  }
  for (const id of unansweredStored.values()) {
    if (created.get(id)!.size === 0) orphaned++;
    if (created.get(id)!.size > 1) duplicated++;
  }

  const changed = run.shoppers.filter((s) => s.lastNameAccepted);
  const lastNames = await storedLastNames(changed.map((s) => s.id));
  // The stored state is final now; an event may still be on its way (an internal message pending
  // when Redis went down is delivered again after the pub/sub's processingTimeout, 60 s).
  let wrongState = changed.filter((shopper) => lastNames.get(shopper.id) !== shopper.lastNameAccepted).length;
  let awaiting = changed.filter((shopper) => lastNames.get(shopper.id) === shopper.lastNameAccepted);
  const eventDeadline = Date.now() + eventTimeoutMs;
  for (;;) {
    const missing: Shopper[] = [];
    for (const shopper of awaiting) {
      if (!(await receivedEvents('customer.updated', shopper.lastNameAccepted!)).some((e) => e.event.data.customerId === shopper.id)) missing.push(shopper);
    }
    awaiting = missing;
    if (!awaiting.length || Date.now() > eventDeadline) break;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  wrongState += awaiting.length;
  const refusedUnstored = run.refusedEmails.filter((email) => !refusedStored.has(email));
  let eventsWithoutState = 0;
  for (const email of [...refusedUnstored, ...run.unansweredEmails.filter((e) => !unansweredStored.has(e))]) {
    if ((await receivedEvents('customer.created', email)).some((e) => e.event.data.email === email)) eventsWithoutState++;
  }
  // No claim without its owner: an email that nobody holds registers again (pending claims heal).
  const unstored = [...refusedUnstored.slice(0, 5), ...run.unansweredEmails.filter((e) => !unansweredStored.has(e)).slice(0, 3)];
  const [behind, stuck, notOnce] = await Promise.all([
    readModelBehind([...run.shoppers.map((s) => s.id), ...refusedStored.values(), ...unansweredStored.values()]),
    claimsStuck(unstored),
    erasuresNotOnce(erasures),
  ]);
  const again = run.answers.find((a) => a.operation === 'register' && a.status === 201 && a.at >= restoredAt);
  const registeringAgainSeconds = again ? (again.at - restoredAt) / 1000 : null;
  return { fault, byStatus, serverErrors, unanswered, serverErrorSamples, lost, duplicated, orphaned, eventsWithoutState, committedButRefused, wrongState, readModelBehind: behind, erasuresNotOnce: notOnce, claimsStuck: stuck, recoverySeconds, registeringAgainSeconds };
}

export function printReport(report: FaultReport): void {
  const statuses = Object.entries(report.byStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ');
  console.log(
    `      | ${report.fault} | ${statuses} | 5xx/no answer ${report.serverErrors} | lost ${report.lost} | duplicated ${report.duplicated} | orphaned ${report.orphaned} | events without state ${report.eventsWithoutState} | committed but refused ${report.committedButRefused} | wrong state ${report.wrongState} | read model behind ${report.readModelBehind} | erasures not once ${report.erasuresNotOnce} | claims stuck ${report.claimsStuck} | ready in ${report.recoverySeconds.toFixed(1)} s, registering again in ${report.registeringAgainSeconds?.toFixed(1) ?? 'never'} s |`,
  );
}
