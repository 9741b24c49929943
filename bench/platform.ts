// Starts what one bench run measures: the event bus, a fresh control plane (sentry, placement, scheduler), the
// three apps of dapr.yaml with their real daprd on free ports, and the bench subscriber with its own
// daprd. Every process is tracked from the moment it starts so a failure stops them all.
import { rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { startControlPlane } from '../scripts/runtime/control-plane.js';
import { randomBytes } from 'node:crypto';
import { readRunFile, startApp, withFreePorts, type RunningApp, type StartAppOptions } from '../scripts/runtime/apps.js';
import { stopAll, type ManagedProcess } from '../scripts/runtime/processes.js';
import { freePort, httpStatus, waitFor } from '../scripts/runtime/net.js';
import { pubsubBrokers } from '../scripts/runtime/event-bus.js';
import { acquireRuntimeLock } from '../scripts/runtime/lock.js';
import { emptyRedisDatabase, REDIS_DATABASES } from '../scripts/runtime/redis-db.js';
import { subscriberSpec } from './subscriber/spec.js';

export const root = resolve(import.meta.dirname, '..');
export const logDir = join(root, '.run', 'bench-logs');
const stateDir = join(root, '.run', 'bench-control-plane');
const eventBusDir = join(root, '.run', 'bench-event-bus');
/** Where the Dapr binaries are (the dapr CLI's layout; scripts/dapr-binaries.sh builds them there). */
export const binDir = join(process.env.DAPR_INSTALL_DIR ?? join(homedir(), '.dapr'), 'bin');

/** What daprd reads through the local env secret store (scripts/lib.sh export_dapr_secrets). */
const DAPRD_SECRETS = ['AUTH_DB_URL', 'USER_DB_URL', 'CUSTOMER_DB_URL'];

export type PlatformAppId = 'auth' | 'user' | 'customer';

export interface Platform {
  apps: Record<PlatformAppId, RunningApp>;
  subscriber: RunningApp;
  /** host:port of the Redis behind the pub/sub (the event bus started here, or PUBSUB_REDIS_HOST). */
  pubsubAddress: string;
}

/** Every process this run started, in start order; stopPlatform stops them in reverse. */
const started: ManagedProcess[] = [];
let startOptions: StartAppOptions | undefined;

/** The bench's administrator (the user app creates it at start), for the staff-only routes. */
export const BENCH_ADMIN = { email: `bench-admin.${Date.now().toString(36)}@platform.test`, password: randomBytes(18).toString('base64url') };

/** Erasure grace period in the bench (s): longer than scheduling all the benchmark's erasures takes. */
export const BENCH_ERASURE_GRACE_SECONDS = Number(process.env.BENCH_ERASURE_GRACE ?? '600');

/** Settings that differ from dapr.yaml's for the bench: an administrator, and an erasure grace period
 * short enough that the erasure benchmark's reminders come due within the run. */
const BENCH_ENV: Record<string, Record<string, string>> = {
  user: { BOOTSTRAP_ADMIN_EMAIL: BENCH_ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: BENCH_ADMIN.password },
  customer: { ERASURE_GRACE_SECONDS: String(BENCH_ERASURE_GRACE_SECONDS) },
};
let releaseLock: (() => void) | undefined;

export async function startPlatform(): Promise<Platform> {
  const missing = DAPRD_SECRETS.filter((name) => !process.env[name]);
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: run through \`npm run bench\` (or source scripts/lib.sh && export_dapr_secrets)`);
  // daprd's mDNS name resolution is machine-wide: a second runtime would answer this one's calls.
  releaseLock = acquireRuntimeLock('npm run bench');
  // A fresh control plane: reminders and placement tables of earlier runs must not leak into this one.
  rmSync(logDir, { recursive: true, force: true });
  rmSync(stateDir, { recursive: true, force: true });

  rmSync(eventBusDir, { recursive: true, force: true });
  const brokers = await pubsubBrokers({ port: await freePort(), dataDir: eventBusDir, logDir });
  if (brokers.eventBus) started.push(brokers.eventBus.process);
  for (const address of new Set([brokers.pubsub, brokers.outbox])) await emptyRedisDatabase(address, REDIS_DATABASES.bench);
  const controlPlane = await startControlPlane({ binDir, stateDir, logDir });
  started.push(...controlPlane.processes);
  const platformSpecs = await withFreePorts(readRunFile(join(root, 'dapr.yaml')));
  const specs = [...platformSpecs, await subscriberSpec(root, platformSpecs[0]!)];
  const running = await Promise.all(
    specs.map(async (spec) => {
      // Warnings only: per-request info lines would cost the apps measurable CPU under load.
      const env = { ...spec.env, ...BENCH_ENV[spec.appId], LOG_LEVEL: 'warn' };
      startOptions = { binDir, logDir, controlPlane, daprdEnv: { ...process.env, PUBSUB_REDIS_HOST: brokers.pubsub, OUTBOX_REDIS_HOST: brokers.outbox, REDIS_DB: REDIS_DATABASES.bench } };
      const app = await startApp({ ...spec, env }, startOptions);
      started.push(app.daprd, app.app);
      return app;
    }),
  );
  const byId = (id: string): RunningApp => {
    const app = running.find((a) => a.appId === id);
    if (!app) throw new Error(`${id} did not start`);
    return app;
  };
  return { apps: { auth: byId('auth'), user: byId('user'), customer: byId('customer') }, subscriber: byId('bench-subscriber'), pubsubAddress: brokers.pubsub };
}

/**
 * Stops everything startPlatform started, also after a failed start. A process spawned by startApp
 * whose readiness wait failed is not in `started`; scripts/runtime/processes.ts kills those on exit.
 */
export async function stopPlatform(): Promise<void> {
  await stopAll(started.splice(0));
  releaseLock?.();
  releaseLock = undefined;
}

/**
 * Waits until the app answers through its own sidecar again: under saturation daprd's health probe
 * can mark an app unhealthy, and then refuses every call to it until a probe succeeds.
 */
export async function waitUntilReachable(app: RunningApp, timeoutMs = 60_000): Promise<void> {
  const url = `${app.daprUrl}/v1.0/invoke/${app.appId}/method/healthz`;
  await waitFor(`${app.appId} to answer through its sidecar`, async () => (await httpStatus(url, { 'dapr-api-token': app.daprApiToken })) === 200, timeoutMs);
}

/** Stops one app and its sidecar (reminders due meanwhile wait in the scheduler). */
export async function stopPlatformApp(platform: Platform, appId: PlatformAppId): Promise<void> {
  const app = platform.apps[appId];
  await stopAll([app.daprd, app.app]);
  started.splice(0, started.length, ...started.filter((p) => p !== app.app && p !== app.daprd));
}

/** Starts a stopped app and its sidecar again, the way it was started first. */
export async function startPlatformApp(platform: Platform, appId: PlatformAppId): Promise<void> {
  const restarted = await startApp(platform.apps[appId].spec, startOptions!);
  started.push(restarted.daprd, restarted.app);
  platform.apps[appId] = restarted;
}
