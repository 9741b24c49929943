// A process of the runtime (an app, a sidecar, placement, the scheduler) that dies mid-traffic is started again by the supervisor that started it
// (scripts/runtime/processes.ts, the same in `npm start` and in this harness), on the same ports with
// the same tokens, and the platform heals without a person. What was committed while it died keeps
// its promise: every customer that exists gets its customer.created, whatever its client was told.
import { expect } from 'chai';
import { invoke, receivedEvents, sidecar, storedCustomersWithEmail, uniqueEmail } from '../../harness/clients.js';
import { eventually } from '../../harness/http.js';
import { bearer, introspect, loggedIn, PASSWORD, registeredCustomer } from '../../harness/identities.js';
import { killAndAwaitRestart, runtime } from '../../harness/runtime.js';

type Outcome = { email: string; status: number | 'connection failed' };

/** Registrations, `inFlight` at a time, until `stop` resolves; each answer or failure recorded. */
async function registrationsUntil(stop: Promise<void>, inFlight: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let stopped = false;
  void stop.then(() => (stopped = true));
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (!stopped) {
        const email = uniqueEmail('supervised');
        try {
          const res = await invoke('customer', 'customer', 'v1/customers', { method: 'POST', body: { email, password: PASSWORD, firstName: 'Kill', lastName: 'Nine' } });
          outcomes.push({ email, status: res.status });
        } catch {
          // The sidecar itself is gone: refused, or reset mid-request.
          outcomes.push({ email, status: 'connection failed' });
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    }),
  );
  return outcomes;
}

async function sidecarHealthy(app: 'customer' | 'auth'): Promise<void> {
  await eventually(`${app}'s sidecar to be healthy`, async () => (await sidecar(app, '/v1.0/healthz').catch(() => ({ status: 0 }))).status, (s) => s === 204, 60_000);
}

/** Every customer that was stored, whatever its client saw, has exactly one customer.created. */
async function expectNoStateWithoutEvent(outcomes: Outcome[]): Promise<void> {
  let storedUnanswered = 0;
  for (const { email, status } of outcomes) {
    const stored = await storedCustomersWithEmail(email);
    if (status === 201) expect(stored, `${email} answered 201`).to.equal(1);
    if (stored === 0) continue;
    if (status !== 201) storedUnanswered += 1;
    await eventually(`customer.created for ${email} (client saw ${status})`, () => receivedEvents('customer.created', email), (events) => events.length === 1, 120_000);
  }
  const count = (status: Outcome['status']) => outcomes.filter((o) => o.status === status).length;
  console.log(`      ${outcomes.length} registrations: ${count(201)} created, ${count('connection failed')} cut off, ${storedUnanswered} stored without a 201; every stored customer got its customer.created`);
}

describe('supervised restarts: a process killed mid-traffic comes back by itself', function () {
  this.timeout(420_000);

  it('when the customer sidecar is SIGKILLed during registrations, then it is started again, registrations succeed again, and every stored customer gets its event', async () => {
    const { customer } = runtime().apps;
    let killed!: () => void;
    const done = new Promise<void>((resolve) => (killed = resolve));
    const burst = registrationsUntil(done, 4);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await killAndAwaitRestart(customer.daprd);
    await sidecarHealthy('customer');
    killed();
    const outcomes = await burst;
    // Connection failures while it was down; nothing else but created or a retryable answer.
    for (const { status } of outcomes) expect(status).to.be.oneOf([201, 500, 502, 503, 'connection failed']);
    expect(outcomes.some((o) => o.status === 'connection failed'), 'the kill landed mid-traffic').to.equal(true);
    const after = await registeredCustomer('aftersidecarkill');
    await eventually('customer.created after the restart', () => receivedEvents('customer.created', after.id), (events) => events.length === 1, 60_000);
    await expectNoStateWithoutEvent(outcomes);
  });

  it('when the customer app is SIGKILLed, then it is started again and customers registered before read as they were', async () => {
    const { customer } = runtime().apps;
    const before = await registeredCustomer('beforeappkill');
    const { accessToken } = await loggedIn(before.email);
    await killAndAwaitRestart(customer.app);
    const read = await eventually(
      'the customer to read through the sidecar again',
      () => invoke('customer', 'customer', 'v1/customers/me', { headers: { authorization: `Bearer ${accessToken}` } }).catch(() => ({ status: 0, body: undefined as any })),
      (r) => r.status === 200,
      60_000,
    );
    expect(read.body.email).to.equal(before.email);
    const after = await registeredCustomer('afterappkill');
    expect(after.id).to.be.a('string');
  });

  it('when the auth sidecar is SIGKILLed, then it is started again, a session from before still introspects active and logins work', async () => {
    const { auth } = runtime().apps;
    const person = await registeredCustomer('authkill');
    const session = await loggedIn(person.email);
    await killAndAwaitRestart(auth.daprd);
    await sidecarHealthy('auth');
    const active = await eventually('introspection through the restarted sidecar', () => introspect(session.accessToken).catch(() => undefined), (body) => body?.active === true, 60_000);
    expect(active.sub).to.equal(person.id);
    const again = await loggedIn(person.email);
    expect(again.sessionId).to.not.equal(session.sessionId);
  });

  it('when placement and then the scheduler are SIGKILLed, then both are started again, actors answer, and an erasure asked before runs once', async () => {
    const controlPlane = (name: string) => runtime().processes.find((p) => p.name === name)!;
    const person = await registeredCustomer('schedulerkill');
    const session = await loggedIn(person.email);
    const asked = await invoke('customer', 'customer', `v1/customers/${person.id}/erasure`, { method: 'POST', headers: bearer(session.accessToken) });
    expect(asked.status, asked.text).to.equal(202);

    await killAndAwaitRestart(controlPlane('placement'));
    await killAndAwaitRestart(controlPlane('scheduler'));

    // Registration and login are actor calls: placement's table is back for both apps.
    const after = await eventually(
      'a registration after the control plane restarts',
      () => invoke('customer', 'customer', 'v1/customers', { method: 'POST', body: { email: uniqueEmail('afterplacement'), password: PASSWORD, firstName: 'After', lastName: 'Placement' } }).catch(() => ({ status: 0, body: undefined as any, text: '' })),
      (r) => r.status === 201,
      60_000,
    );
    expect(after.body.id).to.be.a('string');
    const [deleted] = await eventually('the erasure after the scheduler restart', () => receivedEvents('customer.deleted', person.id), (found) => found.length > 0, 120_000);
    expect(deleted!.event.data).to.include({ customerId: person.id, reason: 'erasure' });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await receivedEvents('customer.deleted', person.id)).to.have.length(1);
  });
});
