// The runtime of one test run: the event bus, control plane, the three apps with their daprd, a test
// subscriber app, and a gate in front of the outbox's Redis. Started once per run by the mocha global fixture;
// tests isolate themselves with fresh ids.
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { homedir } from 'node:os';
import { rmSync } from 'node:fs';
import { startControlPlane } from '../../scripts/runtime/control-plane.js';
import { readRunFile, startApp, withFreePorts, type AppSpec, type RunningApp, type StartAppOptions } from '../../scripts/runtime/apps.js';
import { freePort, freePorts } from '../../scripts/runtime/net.js';
import { stopAll, tail, type ManagedProcess } from '../../scripts/runtime/processes.js';
import { TcpGate } from './tcp-gate.js';
import { acquireRuntimeLock } from '../../scripts/runtime/lock.js';
import { emptyRedisDatabase, REDIS_DATABASES } from '../../scripts/runtime/redis-db.js';
import { pubsubBrokers, type EventBus } from '../../scripts/runtime/event-bus.js';

export const root = resolve(import.meta.dirname, '..', '..');
export const logDir = join(root, '.run', 'test-logs');
const binDir = join(process.env.DAPR_INSTALL_DIR ?? join(homedir(), '.dapr'), 'bin');

export interface TestRuntime {
  apps: Record<'auth' | 'user' | 'customer' | 'subscriber' | 'order', RunningApp>;
  /** The platform's durable Redis behind both pub/subs; absent when PUBSUB_REDIS_HOST names one. */
  eventBus: EventBus | undefined;
  /** Between the outbox pub/sub and Redis: close it to take the outbox's broker down. */
  outboxGate: TcpGate;
  /** Between every sidecar's `pubsub` (the event bus itself) and Redis: close it to take the bus down
   * while the outbox's own broker stays up. */
  pubsubGate: TcpGate;
  /** Between auth's stores and Postgres: close it to take auth's database down. */
  authDbGate: TcpGate;
  processes: ManagedProcess[];
}

/** The bootstrap administrator of this test run: a fresh email and password per run (the platform's
 * databases outlive runs, and the bootstrap creates an email's administrator only once). */
export const TEST_ADMIN = { email: `admin.${Date.now().toString(36)}@platform.test`, password: randomBytes(18).toString('base64url') };

/** The suite's subscriber stands in for the shop's notification service: the one app the pub/sub
 * admits to the verification codes' topic (components/pubsub.yaml). */
export const SUBSCRIBER_APP_ID = 'notification';

/** Where the tests' stand-in for the gateway writes the end client's address (public rate limits). */
const CLIENT_ADDRESS_HEADER = 'x-client-address';

/** The outbox sweep looks every 2 s for markers older than 30 s (a lost message is found quickly). */
const OUTBOX_SWEEP = { OUTBOX_SWEEP_INTERVAL_SECONDS: '2', OUTBOX_SWEEP_MIN_AGE_SECONDS: '30' };

/** Short durations and small limits so tests can watch locks end and limits bite. */
export const TEST_SETTINGS: Record<string, Record<string, string>> = {
  user: { ...OUTBOX_SWEEP, BOOTSTRAP_ADMIN_EMAIL: TEST_ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: TEST_ADMIN.password, CLIENT_ADDRESS_HEADER },
  auth: { ...OUTBOX_SWEEP, CLIENT_ADDRESS_HEADER, LOGIN_MAX_FAILURES: '5', LOGIN_FAILURE_WINDOW_SECONDS: '60', LOGIN_LOCK_SECONDS: '4', SESSION_LIMIT: '5', SESSION_LIMIT_POLICY: 'evict-oldest', SESSION_IDLE_TIMEOUT_SECONDS: '20' },
  // The user app stands in for another service of the shop that may read customers.
  customer: { ...OUTBOX_SWEEP, CLIENT_ADDRESS_HEADER, SERVICE_PERMISSIONS: JSON.stringify({ user: ['customers:read'] }), ERASURE_GRACE_SECONDS: '4', ERASURE_RETRY_SECONDS: '3', AUDIT_PRUNE_INTERVAL_SECONDS: '5' },
};

let current: TestRuntime | undefined;
/** How each app was started, so a test can restart it (app and sidecar) the same way. */
let startOptions: StartAppOptions | undefined;
let releaseLock: (() => void) | undefined;

export function runtime(): TestRuntime {
  if (!current) throw new Error('the test runtime is not started (integration tests run with .mocharc.integration.json)');
  return current;
}

/** A small app of the test suite behind its own daprd: the subscriber, or the order service stand-in. */
async function testAppSpec(appId: string, dir: string, env: Record<string, string> = {}): Promise<AppSpec> {
  const [app, daprHttp, daprGrpc, daprInternalGrpc, metrics] = (await freePorts(5)) as [number, number, number, number, number];
  return {
    appId,
    cwd: join(root, 'test', dir),
    command: [process.execPath, '--import', 'tsx', 'main.ts'],
    configFile: join(root, 'test', dir, 'config.yaml'),
    resourcesPath: join(root, 'components'),
    ports: { app, daprHttp, daprGrpc, daprInternalGrpc, metrics },
    env,
    healthCheckPath: '/healthz',
    health: { intervalSeconds: 5, timeoutMs: 3000, threshold: 5 },
    logLevel: 'info',
  };
}

export interface RuntimeOptions {
  logDir?: string;
  /** Per-app environment on top of dapr.yaml's; tests use TEST_SETTINGS. */
  appSettings?: Record<string, Record<string, string>>;
  logLevel?: string;
  /** Shown to whoever finds the runtime lock taken. */
  purpose?: string;
}

export async function startRuntime(options: RuntimeOptions = {}): Promise<TestRuntime> {
  releaseLock = acquireRuntimeLock(options.purpose ?? 'npm test');
  const logs = options.logDir ?? logDir;
  const appSettings = options.appSettings ?? TEST_SETTINGS;
  // A fresh control plane per run: reminders left by earlier runs must not fire into this one.
  const stateDir = `${logs}-control-plane`;
  rmSync(logs, { recursive: true, force: true });
  rmSync(stateDir, { recursive: true, force: true });
  const processes: ManagedProcess[] = [];
  try {
    const eventBusDir = `${logs}-event-bus`;
    rmSync(eventBusDir, { recursive: true, force: true });
    const brokers = await pubsubBrokers({ port: await freePort(), dataDir: eventBusDir, logDir: logs });
    if (brokers.eventBus) processes.push(brokers.eventBus.process);
    for (const address of new Set([brokers.pubsub, brokers.outbox])) await emptyRedisDatabase(address, REDIS_DATABASES.test);
    const [redisHost, redisPort] = brokers.outbox.split(':') as [string, string];
    const outboxGate = new TcpGate(await freePort(), { host: redisHost, port: Number(redisPort) });
    await outboxGate.open();
    const [busHost, busPort] = brokers.pubsub.split(':') as [string, string];
    const pubsubGate = new TcpGate(await freePort(), { host: busHost, port: Number(busPort) });
    await pubsubGate.open();
    const authDbUrl = new URL(process.env.AUTH_DB_URL ?? 'postgres://idp:idp-local@127.0.0.1:5432/auth_db');
    const authDbGate = new TcpGate(await freePort(), { host: authDbUrl.hostname, port: Number(authDbUrl.port || 5432) });
    await authDbGate.open();
    authDbUrl.host = `127.0.0.1:${authDbGate.port}`;
    const controlPlane = await startControlPlane({ binDir, stateDir, logDir: logs });
    processes.push(...controlPlane.processes);
    const daprdEnv = { ...process.env, PUBSUB_REDIS_HOST: pubsubGate.address, OUTBOX_REDIS_HOST: outboxGate.address, AUTH_DB_URL: authDbUrl.toString(), REDIS_DB: REDIS_DATABASES.test };
    const specs = [...(await withFreePorts(readRunFile(join(root, 'dapr.yaml')))), await testAppSpec(SUBSCRIBER_APP_ID, 'subscriber', { SUBSCRIBER_TOPICS: 'customer-events,user-events,auth-events,customer-verification-codes,order-events-customer-deadletter' }), await testAppSpec('order', 'order-app')];
    startOptions = { binDir, logDir: logs, controlPlane, daprdEnv };
    const started = await Promise.all(
      specs.map(async (spec) => {
        const env = { ...spec.env, ...appSettings[spec.appId], NODE_ENV: 'test', LOG_LEVEL: options.logLevel ?? 'debug' };
        const app = await startApp({ ...spec, env }, startOptions!);
        processes.push(app.daprd, app.app);
        return app;
      }),
    );
    const byId = Object.fromEntries(started.map((app) => [app.appId === SUBSCRIBER_APP_ID ? 'subscriber' : app.appId, app]));
    current = { apps: byId as TestRuntime['apps'], eventBus: brokers.eventBus, outboxGate, pubsubGate, authDbGate, processes };
    return current;
  } catch (error) {
    await stopAll(processes);
    releaseLock?.();
    throw error;
  }
}

/** Stops an app and its sidecar, then starts both again on the same ports (new API tokens): what a
 * crash or a redeploy does. Actor state and reminders live in the stores and the scheduler. `env`
 * changes settings from this start on (a redeploy with new configuration). */
export async function restartApp(appId: 'auth' | 'user' | 'customer', env: Record<string, string> = {}): Promise<void> {
  const run = runtime();
  const old = run.apps[appId];
  await stopAll([old.daprd, old.app]);
  run.processes = run.processes.filter((p) => p !== old.app && p !== old.daprd);
  const restarted = await startApp({ ...old.spec, env: { ...old.spec.env, ...env } }, startOptions!);
  run.processes.push(restarted.daprd, restarted.app);
  run.apps[appId] = restarted;
}

/** Starts one more instance of an app with its own sidecar (fresh ports), on the run's control plane:
 * Dapr spreads the app's actors over both, and service invocation reaches either. */
export async function startReplica(appId: 'auth' | 'user' | 'customer', replica = 1): Promise<RunningApp> {
  const run = runtime();
  const [spec] = await withFreePorts([{ ...run.apps[appId].spec, replica }]);
  const started = await startApp(spec!, startOptions!);
  run.processes.push(started.daprd, started.app);
  return started;
}

export async function stopReplica(replica: RunningApp): Promise<void> {
  const run = runtime();
  await stopAll([replica.daprd, replica.app]);
  run.processes = run.processes.filter((p) => p !== replica.app && p !== replica.daprd);
}

export async function stopRuntime(): Promise<void> {
  if (!current) return;
  await stopAll(current.processes);
  await current.outboxGate.close();
  await current.pubsubGate.close();
  await current.authDbGate.close();
  current = undefined;
  releaseLock?.();
}

/** The last warnings and errors of every app and sidecar (daprd's info lines are noise here). */
export function logTails(lines = 12): string {
  if (!current) return '';
  return current.processes
    .filter((p) => p.name.endsWith('-app') || p.name.endsWith('-daprd'))
    .map((p) => {
      const relevant = tail(p.logFile, 2000)
        .split('\n')
        .filter((line) => (p.name.endsWith('-daprd') ? /level=(warning|error|fatal)/.test(line) : /"level":"(warn|error)"/.test(line)))
        .slice(-lines);
      return `----- ${p.name} (${p.logFile})\n${relevant.join('\n') || '(no warnings or errors)'}`;
    })
    .join('\n');
}

/** SIGKILL, as the OOM killer or `kill -9` would; resolves once the supervisor started it again. */
export async function killAndAwaitRestart(managed: ManagedProcess): Promise<void> {
  const before = managed.restarts;
  const pid = managed.child.pid!;
  process.kill(pid, 'SIGKILL');
  const deadline = Date.now() + 30_000;
  while (managed.restarts !== before + 1 || managed.child.pid === pid) {
    if (Date.now() > deadline) throw new Error(`${managed.name} was not started again within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
