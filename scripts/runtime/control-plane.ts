// Dapr's control plane for local runs and tests: sentry (the CA that issues every process its SPIFFE
// identity; mTLS is what Dapr access control relies on), placement (actor placement) and scheduler
// (reminders, with embedded etcd). Each gets its own ports and data under `stateDir`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePorts, httpStatus, waitFor } from './net.js';
import { isAlive, spawnLogged, tail, type ManagedProcess } from './processes.js';

export const TRUST_DOMAIN = 'localhost';
export const NAMESPACE = 'default';

export interface ControlPlanePorts {
  sentry: number;
  placement: number;
  scheduler: number;
}

export interface ControlPlane {
  sentryAddress: string;
  placementAddress: string;
  schedulerAddress: string;
  /** PEM of the CA that daprd must trust (DAPR_TRUST_ANCHORS). */
  trustAnchors: string;
  processes: ManagedProcess[];
}

export interface ControlPlaneOptions {
  binDir: string;
  stateDir: string;
  logDir: string;
  ports?: Partial<ControlPlanePorts>;
}

async function started(managed: ManagedProcess, healthPort: number, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    `${managed.name} to be healthy`,
    async () => {
      if (!isAlive(managed)) throw new Error(`${managed.name} exited:\n${tail(managed.logFile)}`);
      return (await httpStatus(`http://127.0.0.1:${healthPort}/healthz`)) === 200;
    },
    timeoutMs,
    () => tail(managed.logFile),
  );
}

export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const { binDir, stateDir, logDir } = options;
  const [sentryPort, placementPort, schedulerPort, ...aux] = await freePorts(12);
  const ports: ControlPlanePorts = {
    sentry: options.ports?.sentry ?? sentryPort!,
    placement: options.ports?.placement ?? placementPort!,
    scheduler: options.ports?.scheduler ?? schedulerPort!,
  };
  const [sentryHealth, sentryMetrics, placementHealth, placementMetrics, placementRaft, schedulerHealth, schedulerMetrics, etcdClient, etcdPeer] = aux as number[];
  const certsDir = join(stateDir, 'certs');
  mkdirSync(certsDir, { recursive: true });
  const sentryConfig = join(stateDir, 'sentry-config.yaml');
  if (!existsSync(sentryConfig)) writeFileSync(sentryConfig, '');
  const env = { ...process.env, NAMESPACE };
  const processes: ManagedProcess[] = [];

  const sentry = spawnLogged(
    'sentry',
    join(binDir, 'sentry'),
    [
      '--config', sentryConfig,
      '--issuer-credentials', certsDir,
      '--trust-domain', TRUST_DOMAIN,
      '--listen-address', '127.0.0.1',
      '--port', String(ports.sentry),
      '--healthz-port', String(sentryHealth),
      '--metrics-port', String(sentryMetrics),
      '--metrics-listen-address', '127.0.0.1',
    ],
    { logDir, env },
  );
  processes.push(sentry);
  await started(sentry, sentryHealth!);
  const trustAnchorsFile = join(certsDir, 'ca.crt');
  await waitFor('sentry to write its CA', async () => existsSync(trustAnchorsFile), 30_000);
  const sentryAddress = `127.0.0.1:${ports.sentry}`;
  const tls = ['--tls-enabled', '--sentry-address', sentryAddress, '--trust-anchors-file', trustAnchorsFile, '--trust-domain', TRUST_DOMAIN];

  const placement = spawnLogged(
    'placement',
    join(binDir, 'placement'),
    [
      ...tls,
      '--listen-address', '127.0.0.1',
      '--port', String(ports.placement),
      '--healthz-port', String(placementHealth),
      '--metrics-port', String(placementMetrics),
      '--metrics-listen-address', '127.0.0.1',
      '--initial-cluster', `dapr-placement-0=127.0.0.1:${placementRaft}`,
      // With every process on two saturated cores (password hashing), a sidecar can miss the default
      // 3 s keepalive; placement then drops it and its actors stall until it reconnects (~15 s).
      '--keepalive-time', '10s',
      '--keepalive-timeout', '10s',
    ],
    { logDir, env },
  );
  processes.push(placement);

  const schedulerData = join(stateDir, 'scheduler');
  mkdirSync(schedulerData, { recursive: true });
  const scheduler = spawnLogged(
    'scheduler',
    join(binDir, 'scheduler'),
    [
      ...tls,
      '--id', 'dapr-scheduler-server-0',
      '--listen-address', '127.0.0.1',
      '--port', String(ports.scheduler),
      '--healthz-port', String(schedulerHealth),
      '--metrics-port', String(schedulerMetrics),
      '--metrics-listen-address', '127.0.0.1',
      '--etcd-data-dir', schedulerData,
      '--identity-directory-write', join(stateDir, 'scheduler-identity'),
      '--etcd-client-port', String(etcdClient),
      '--etcd-initial-cluster', `dapr-scheduler-server-0=https://127.0.0.1:${etcdPeer}`,
    ],
    { logDir, env },
  );
  processes.push(scheduler);
  await Promise.all([started(placement, placementHealth!), started(scheduler, schedulerHealth!)]);

  return {
    sentryAddress,
    placementAddress: `127.0.0.1:${ports.placement}`,
    schedulerAddress: `127.0.0.1:${ports.scheduler}`,
    trustAnchors: readFileSync(trustAnchorsFile, 'utf8'),
    processes,
  };
}
