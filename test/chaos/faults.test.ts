// `npm run test:chaos`: a steady mix of registrations, logins, profile changes and refreshes while a
// part the platform depends on fails mid-burst, then checks against the stores and the streams (see
// checks.ts) and prints one table row per fault. The sidecar, app, placement and scheduler kills are
// covered by test/e2e/outages/runtime-supervised-restarts.test.ts.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { expect } from 'chai';
import { createClient } from 'redis';
import { direct, invoke } from '../harness/clients.js';
import { bearer, loggedIn, registeredCustomer } from '../harness/identities.js';
import { killAndAwaitRestart, logDir, runtime } from '../harness/runtime.js';
import type { ManagedProcess } from '../../scripts/runtime/processes.js';
import { startEventBus } from '../../scripts/runtime/event-bus.js';
import { checkRun, printReport, type FaultReport } from './checks.js';
import { loadUntil, newLoadRun } from './load.js';

const FAULT_SECONDS = 10;
/** The apps' /readyz must answer 200 again within this after the fault ends. */
const RECOVERY_BOUND_SECONDS = 30;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A customer who asked for erasure; its reminder is due ERASURE_GRACE_SECONDS later. */
async function erasureAsked(fault: string): Promise<string> {
  const customer = await registeredCustomer(`chaos-erasure-${fault.replace(/\W+/g, '-')}`);
  const { accessToken } = await loggedIn(customer.email);
  const asked = await invoke('customer', 'customer', `v1/customers/${customer.id}/erasure`, { method: 'POST', headers: bearer(accessToken) });
  expect(asked.status, asked.text).to.equal(202);
  return customer.id;
}

async function secondsUntilReady(): Promise<number> {
  const started = Date.now();
  for (;;) {
    const statuses = await Promise.all((['auth', 'user', 'customer'] as const).map((app) => direct(app, '/readyz').then((r) => r.status, () => 0)));
    if (statuses.every((s) => s === 200)) return (Date.now() - started) / 1000;
    if (Date.now() - started > RECOVERY_BOUND_SECONDS * 1000) {
      console.log(`      /readyz of auth, user, customer still ${statuses.join(', ')} after ${RECOVERY_BOUND_SECONDS} s`);
      return Infinity;
    }
    await sleep(200);
  }
}

/** Load for 3 s, the fault for `faultSeconds`, load for 10 s more after it ended; then the checks. */
async function underLoad(fault: string, inject: () => Promise<void>, restore: () => Promise<void>, faultSeconds = FAULT_SECONDS): Promise<FaultReport> {
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const progress = newLoadRun();
  const load = loadUntil(stopped, `chaos-${fault.replace(/\W+/g, '-')}`, 6, progress);
  // Erasures asked now come due during the fault (a 4 s grace period in tests).
  const erasures = await Promise.all([0, 1].map(() => erasureAsked(fault)));
  await sleep(3_000);
  await inject();
  await sleep(faultSeconds * 1000);
  await restore();
  const restoredAt = Date.now();
  const recoverySeconds = await secondsUntilReady();
  // Load goes on for 10 s, and longer until a registration succeeds again (at most the bound).
  await sleep(10_000);
  while (!progress.answers.some((a) => a.operation === 'register' && a.status === 201 && a.at >= restoredAt) && Date.now() - restoredAt < RECOVERY_BOUND_SECONDS * 1000) await sleep(250);
  stop();
  const report = await checkRun(fault, await load, restoredAt, recoverySeconds, erasures);
  printReport(report);
  return report;
}

/** `killed`: a process the load talks to was killed, so some requests get no answer at all (the
 * connection refused or reset); none may get a 500. */
function expectHeld(report: FaultReport, killed = false): void {
  const summary = JSON.stringify(report);
  const allowed = killed ? report.unanswered : 0;
  expect(report.serverErrors - allowed, `no 500${killed ? '' : ' and no unanswered request'}: ${summary}`).to.equal(0);
  expect(report.lost, `every 201 has its customer.created: ${summary}`).to.equal(0);
  expect(report.duplicated, `one customer.created per customer: ${summary}`).to.equal(0);
  expect(report.orphaned, `no stored customer without its event: ${summary}`).to.equal(0);
  expect(report.eventsWithoutState, `no customer.created without its customer: ${summary}`).to.equal(0);
  expect(report.wrongState, `every accepted change stored with its event: ${summary}`).to.equal(0);
  expect(report.readModelBehind, `every directory row equals its aggregate: ${summary}`).to.equal(0);
  expect(report.erasuresNotOnce, `every erasure due during the fault ran exactly once: ${summary}`).to.equal(0);
  expect(report.claimsStuck, `a refused registration's email can register again: ${summary}`).to.equal(0);
  expect(report.recoverySeconds, `ready within ${RECOVERY_BOUND_SECONDS} s: ${summary}`).to.be.at.most(RECOVERY_BOUND_SECONDS);
  expect(report.registeringAgainSeconds, `registrations succeed again within ${RECOVERY_BOUND_SECONDS} s: ${summary}`).to.be.a('number').and.at.most(RECOVERY_BOUND_SECONDS);
}

const eventBusClient = async () => {
  const client = createClient({ socket: { host: '127.0.0.1', port: runtime().eventBus!.port, reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  return client;
};

describe('chaos: faults mid-burst', function () {
  this.timeout(600_000);
  before(() => console.log('      | fault | answers | 5xx/no answer | lost | duplicated | orphaned | events without state | committed but refused | wrong state | read model | erasures | claims | recovery |'));

  it(`when the event bus (Redis) is shut down without saving for ${FAULT_SECONDS} s mid-burst, then nothing committed is lost and nothing is answered 500`, async () => {
    const bus = runtime().eventBus!;
    const report = await underLoad(
      'Redis shutdown nosave',
      async () => {
        const client = await eventBusClient();
        // SHUTDOWN NOSAVE skips the RDB snapshot; the append-only file has every write already.
        await client.sendCommand(['SHUTDOWN', 'NOSAVE']).catch(() => undefined);
        if (client.isOpen) client.destroy();
        // Kept down for the whole fault (the supervisor would start it again within a second).
        await bus.process.stop();
      },
      async () => {
        const restarted = await startEventBus({ port: bus.port, dataDir: bus.dataDir, logDir });
        runtime().processes.push(restarted.process);
        runtime().eventBus = restarted;
      },
    );
    expectHeld(report);
  });

  it(`when Redis refuses every write (maxmemory, noeviction) for ${FAULT_SECONDS} s, then writes are refused with 503 and nothing committed is lost`, async () => {
    const client = await eventBusClient();
    try {
      const report = await underLoad(
        'Redis refuses writes',
        async () => {
          await client.configSet({ 'maxmemory-policy': 'noeviction', maxmemory: '1' });
        },
        async () => {
          await client.configSet('maxmemory', '0');
        },
      );
      expectHeld(report);
    } finally {
      await client.configSet('maxmemory', '0').catch(() => undefined);
      client.destroy();
    }
  });

  it(`when PostgreSQL is stopped (fast) for ${FAULT_SECONDS} s mid-burst, then nothing committed is lost and a refused registration was not stored`, async () => {
    const version = readdirSync('/etc/postgresql').sort().at(-1)!;
    const cluster = (action: 'start' | 'stop') => execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', action, ...(action === 'stop' ? ['-m', 'fast'] : [])], { stdio: 'pipe' });
    try {
      const report = await underLoad(
        'PostgreSQL stopped',
        async () => void cluster('stop'),
        async () => void cluster('start'),
      );
      expectHeld(report);
      expect(report.committedButRefused, `503 only when nothing was committed: ${JSON.stringify(report)}`).to.equal(0);
    } finally {
      try {
        cluster('start');
      } catch {
        // already running
      }
    }
  });

  const processNamed = (name: string): ManagedProcess => runtime().processes.find((p) => p.name === name)!;
  const kills: { killed: string; several?: true; processes: () => ManagedProcess[] }[] = [
    { killed: 'the customer sidecar', processes: () => [runtime().apps.customer.daprd] },
    { killed: 'the customer app', processes: () => [runtime().apps.customer.app] },
    { killed: 'the auth sidecar', processes: () => [runtime().apps.auth.daprd] },
    { killed: 'placement, then the scheduler,', several: true, processes: () => [processNamed('placement'), processNamed('scheduler')] },
  ];
  for (const { killed, several, processes } of kills) {
    const fault = `${killed.replace(/^the /, '').replace(/,/g, '')} SIGKILLed`;
    it(`when ${killed} ${several ? 'are' : 'is'} SIGKILLed mid-burst, then the supervisor starts ${several ? 'them' : 'it'} again, nothing committed is lost and nothing is answered 500`, async () => {
      const report = await underLoad(
        fault,
        async () => {
          for (const managed of processes()) await killAndAwaitRestart(managed);
        },
        async () => undefined,
        2,
      );
      expectHeld(report, true);
    });
  }
});
