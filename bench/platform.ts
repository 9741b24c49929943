// Starts what one bench run measures: a fresh control plane (sentry, placement, scheduler), the
// three apps of dapr.yaml with their real daprd on free ports, and the bench subscriber with its own
// daprd. Every process is tracked from the moment it starts so a failure stops them all.
import { rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { startControlPlane } from '../scripts/runtime/control-plane.js';
import { readRunFile, startApp, withFreePorts, type RunningApp } from '../scripts/runtime/apps.js';
import { stopAll, type ManagedProcess } from '../scripts/runtime/processes.js';
import { httpStatus, waitFor } from '../scripts/runtime/net.js';
import { acquireRuntimeLock } from '../scripts/runtime/lock.js';
import { emptyRedisDatabase, REDIS_DATABASES } from '../scripts/runtime/redis-db.js';
import { subscriberSpec } from './subscriber/spec.js';

export const root = resolve(import.meta.dirname, '..');
export const logDir = join(root, '.run', 'bench-logs');
const stateDir = join(root, '.run', 'bench-control-plane');
const binDir = join(process.env.DAPR_INSTALL_DIR ?? join(homedir(), '.dapr'), 'bin');

/** What daprd reads through the local env secret store (scripts/lib.sh export_dapr_secrets). */
const DAPRD_SECRETS = ['AUTH_DB_URL', 'USER_DB_URL', 'CUSTOMER_DB_URL', 'PUBSUB_REDIS_HOST', 'OUTBOX_REDIS_HOST'];

export type PlatformAppId = 'auth' | 'user' | 'customer';

export interface Platform {
  apps: Record<PlatformAppId, RunningApp>;
  subscriber: RunningApp;
}

/** Every process this run started, in start order; stopPlatform stops them in reverse. */
const started: ManagedProcess[] = [];
let releaseLock: (() => void) | undefined;

export async function startPlatform(): Promise<Platform> {
  const missing = DAPRD_SECRETS.filter((name) => !process.env[name]);
  if (missing.length) throw new Error(`missing ${missing.join(', ')}: run through \`npm run bench\` (or source scripts/lib.sh && export_dapr_secrets)`);
  // daprd's mDNS name resolution is machine-wide: a second runtime would answer this one's calls.
  releaseLock = acquireRuntimeLock('npm run bench');
  // A fresh control plane: reminders and placement tables of earlier runs must not leak into this one.
  rmSync(logDir, { recursive: true, force: true });
  rmSync(stateDir, { recursive: true, force: true });

  for (const address of new Set([process.env.PUBSUB_REDIS_HOST!, process.env.OUTBOX_REDIS_HOST!])) await emptyRedisDatabase(address, REDIS_DATABASES.bench);
  const controlPlane = await startControlPlane({ binDir, stateDir, logDir });
  started.push(...controlPlane.processes);
  const platformSpecs = await withFreePorts(readRunFile(join(root, 'dapr.yaml')));
  const specs = [...platformSpecs, await subscriberSpec(root, platformSpecs[0]!)];
  const running = await Promise.all(
    specs.map(async (spec) => {
      // Warnings only: per-request info lines would cost the apps measurable CPU under load.
      const env = { ...spec.env, LOG_LEVEL: 'warn' };
      const app = await startApp({ ...spec, env }, { binDir, logDir, controlPlane, daprdEnv: { ...process.env, REDIS_DB: REDIS_DATABASES.bench } });
      started.push(app.daprd, app.app);
      return app;
    }),
  );
  const byId = (id: string): RunningApp => {
    const app = running.find((a) => a.appId === id);
    if (!app) throw new Error(`${id} did not start`);
    return app;
  };
  return { apps: { auth: byId('auth'), user: byId('user'), customer: byId('customer') }, subscriber: byId('bench-subscriber') };
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
