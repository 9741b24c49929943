// Starts the apps of a Multi-App Run template (dapr.yaml), each with its own real daprd, against a
// running control plane with mTLS. Ports come from the template or, for tests, are overridden.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { NAMESPACE, type ControlPlane } from './control-plane.js';
import { freePort, freePorts, httpStatus, waitFor } from './net.js';
import { isAlive, spawnLogged, stopAll, tail, type ManagedProcess } from './processes.js';

interface RunFileApp {
  appID: string;
  appDirPath: string;
  appPort: number;
  daprHTTPPort: number;
  daprGRPCPort: number;
  daprInternalGRPCPort: number;
  metricsPort: number;
  configFilePath: string;
  resourcesPath?: string;
  command: string[];
  env?: Record<string, string>;
}

interface RunFile {
  common: Omit<Partial<RunFileApp>, 'env'> & {
    env?: Record<string, string>;
    appHealthCheckPath?: string;
    appHealthProbeInterval?: number;
    appHealthProbeTimeout?: number;
    appHealthThreshold?: number;
    logLevel?: string;
  };
  apps: RunFileApp[];
}

export interface AppSpec {
  appId: string;
  cwd: string;
  command: string[];
  configFile: string;
  resourcesPath: string;
  ports: { app: number; daprHttp: number; daprGrpc: number; daprInternalGrpc: number; metrics: number };
  env: Record<string, string>;
  healthCheckPath: string;
  /** Seconds between probes, milliseconds per probe, failures before the app counts as unhealthy. */
  health: { intervalSeconds: number; timeoutMs: number; threshold: number };
  logLevel: string;
  /** A second, third… instance of the same app (1, 2, …): its own ports, sidecar and log files. */
  replica?: number;
}

export function readRunFile(path: string): AppSpec[] {
  const base = dirname(resolve(path));
  const file = parse(readFileSync(path, 'utf8')) as RunFile;
  return file.apps.map((app) => {
    const merged = { ...file.common, ...app, env: { ...file.common.env, ...app.env } };
    return {
      appId: app.appID,
      cwd: resolve(base, app.appDirPath),
      command: app.command,
      configFile: resolve(base, merged.configFilePath!),
      resourcesPath: resolve(base, merged.resourcesPath ?? './components'),
      ports: { app: app.appPort, daprHttp: app.daprHTTPPort, daprGrpc: app.daprGRPCPort, daprInternalGrpc: app.daprInternalGRPCPort, metrics: app.metricsPort },
      env: merged.env,
      healthCheckPath: file.common.appHealthCheckPath ?? '/healthz',
      health: {
        intervalSeconds: file.common.appHealthProbeInterval ?? 5,
        timeoutMs: file.common.appHealthProbeTimeout ?? 500,
        threshold: file.common.appHealthThreshold ?? 3,
      },
      logLevel: file.common.logLevel ?? 'info',
    };
  });
}

/** Gives every port of every app a free one (tests run beside a developer's `npm start`). */
export async function withFreePorts(specs: AppSpec[]): Promise<AppSpec[]> {
  return Promise.all(
    specs.map(async (spec) => {
      const [app, daprHttp, daprGrpc, daprInternalGrpc, metrics] = (await freePorts(5)) as [number, number, number, number, number];
      return { ...spec, ports: { app, daprHttp, daprGrpc, daprInternalGrpc, metrics } };
    }),
  );
}

export interface RunningApp {
  spec: AppSpec;
  appId: string;
  appUrl: string;
  daprUrl: string;
  appApiToken: string;
  daprApiToken: string;
  app: ManagedProcess;
  daprd: ManagedProcess;
}

export interface StartAppOptions {
  binDir: string;
  logDir: string;
  controlPlane: ControlPlane;
  /** Environment for daprd: the local secret store reads connection strings from it. */
  daprdEnv: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

const token = (): string => randomBytes(24).toString('base64url');

export async function startApp(spec: AppSpec, options: StartAppOptions): Promise<RunningApp> {
  const { ports } = spec;
  const appApiToken = token();
  const daprApiToken = token();
  const name = spec.replica ? `${spec.appId}-${spec.replica}` : spec.appId;
  // Opt-in V8 CPU profiles of the apps, written when they exit (Node refuses --cpu-prof in NODE_OPTIONS).
  const profiling = process.env.APP_CPU_PROFILE_DIR && spec.command[0] === 'node' ? ['--cpu-prof', `--cpu-prof-dir=${process.env.APP_CPU_PROFILE_DIR}`] : [];
  const app = spawnLogged(`${name}-app`, spec.command[0]!, [...profiling, ...spec.command.slice(1)], {
    logDir: options.logDir,
    cwd: spec.cwd,
    env: {
      ...process.env,
      ...spec.env,
      APP_ID: spec.appId,
      APP_PORT: String(ports.app),
      DAPR_HTTP_PORT: String(ports.daprHttp),
      DAPR_GRPC_PORT: String(ports.daprGrpc),
      APP_API_TOKEN: appApiToken,
      DAPR_API_TOKEN: daprApiToken,
    },
  });
  const daprd = spawnLogged(
    `${name}-daprd`,
    join(options.binDir, 'daprd'),
    [
      '--app-id', spec.appId,
      '--app-port', String(ports.app),
      '--app-protocol', 'http',
      '--dapr-http-port', String(ports.daprHttp),
      '--dapr-grpc-port', String(ports.daprGrpc),
      '--dapr-internal-grpc-port', String(ports.daprInternalGrpc),
      '--dapr-listen-addresses', '127.0.0.1',
      '--metrics-port', String(ports.metrics),
      '--metrics-listen-address', '127.0.0.1',
      // Opt-in Go pprof endpoint for diagnosing the sidecar (its port is in the log's first line).
      ...(process.env.DAPRD_PROFILING === '1' ? ['--enable-profiling', '--profile-port', String(await freePort())] : []),
      '--resources-path', spec.resourcesPath,
      '--config', spec.configFile,
      '--placement-host-address', options.controlPlane.placementAddress,
      '--scheduler-host-address', options.controlPlane.schedulerAddress,
      '--enable-mtls',
      '--sentry-address', options.controlPlane.sentryAddress,
      '--enable-app-health-check',
      '--app-health-check-path', spec.healthCheckPath,
      '--app-health-probe-interval', String(spec.health.intervalSeconds),
      '--app-health-probe-timeout', String(spec.health.timeoutMs),
      '--app-health-threshold', String(spec.health.threshold),
      '--log-level', spec.logLevel,
      '--dapr-graceful-shutdown-seconds', '5',
    ],
    {
      logDir: options.logDir,
      env: {
        ...options.daprdEnv,
        NAMESPACE,
        DAPR_TRUST_ANCHORS: options.controlPlane.trustAnchors,
        APP_API_TOKEN: appApiToken,
        DAPR_API_TOKEN: daprApiToken,
      },
    },
  );
  const running: RunningApp = {
    spec,
    appId: spec.appId,
    appUrl: `http://127.0.0.1:${ports.app}`,
    daprUrl: `http://127.0.0.1:${ports.daprHttp}`,
    appApiToken,
    daprApiToken,
    app,
    daprd,
  };
  const logs = () => `--- ${spec.appId} app:\n${tail(app.logFile, 20)}\n--- ${spec.appId} daprd:\n${tail(daprd.logFile, 30)}`;
  try {
    await waitFor(
      `${spec.appId} to be ready`,
      async () => {
        if (!isAlive(app) || !isAlive(daprd)) throw new Error(`${spec.appId} exited during start\n${logs()}`);
        return (await httpStatus(`${running.daprUrl}/v1.0/healthz`)) === 204 && (await httpStatus(`${running.appUrl}/readyz`)) === 200;
      },
      options.timeoutMs ?? 90_000,
      logs,
    );
  } catch (error) {
    // Not started is not a crash to heal: stop both, so neither is restarted behind the failure.
    await stopAll([daprd, app]);
    throw error;
  }
  return running;
}
