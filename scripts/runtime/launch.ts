// `npm start`: the whole system in the foreground — the event bus (a durable Redis), sentry,
// placement, scheduler, then every app of dapr.yaml with its daprd, on the template's fixed ports. A process that dies is started again
// (scripts/runtime/processes.ts). Ctrl-C stops everything it started.
// Logs: .run/logs/<process>.log; tokens for curl: .run/tokens.env.
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { startControlPlane } from './control-plane.js';
import { pubsubBrokers } from './event-bus.js';
import { readRunFile, startApp, type RunningApp } from './apps.js';
import { beginShutdown, onRestart, stopAll, type ManagedProcess } from './processes.js';
import { acquireRuntimeLock } from './lock.js';
import { reportBootstrapAdmin } from './bootstrap-report.js';

const root = resolve(import.meta.dirname, '..', '..');
const runDir = process.env.IDP_RUN_DIR ?? join(root, '.run');
const logDir = join(runDir, 'logs');
const binDir = join(process.env.DAPR_INSTALL_DIR ?? join(homedir(), '.dapr'), 'bin');

async function main(): Promise<void> {
  const processes: ManagedProcess[] = [];
  const shutdown = async (code: number) => {
    beginShutdown();
    await stopAll(processes);
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  // A child that dies (a crash, the OOM killer, a kill -9) is started again with backoff.
  onRestart((line) => console.warn(`${new Date().toISOString()} ${line}`));
  try {
    acquireRuntimeLock('npm start');
    // Its append-only file is kept in .run/event-bus: events not yet delivered survive a restart.
    const brokers = await pubsubBrokers({ port: Number(process.env.EVENT_BUS_PORT ?? 6390), dataDir: join(runDir, 'event-bus'), logDir });
    if (brokers.eventBus) processes.push(brokers.eventBus.process);
    const daprdEnv = { ...process.env, PUBSUB_REDIS_HOST: brokers.pubsub, OUTBOX_REDIS_HOST: brokers.outbox };
    const controlPlane = await startControlPlane({ binDir, stateDir: join(runDir, 'control-plane'), logDir, ports: { placement: 50005, scheduler: 50006, sentry: 50007 } });
    processes.push(...controlPlane.processes);
    const apps: RunningApp[] = [];
    for (const spec of readRunFile(join(root, 'dapr.yaml'))) {
      const started = startApp(spec, { binDir, logDir, controlPlane, daprdEnv });
      const app = await started;
      processes.push(app.daprd, app.app);
      apps.push(app);
    }
    mkdirSync(runDir, { recursive: true });
    writeFileSync(
      join(runDir, 'tokens.env'),
      apps.map((a) => `${a.appId.toUpperCase()}_DAPR_API_TOKEN=${a.daprApiToken}\n${a.appId.toUpperCase()}_DAPR_HTTP=${a.daprUrl}\n`).join(''),
      { mode: 0o600 },
    );
    for (const a of apps) console.log(`${a.appId.padEnd(9)} app ${a.appUrl}   sidecar ${a.daprUrl}`);
    console.log(`event bus redis://${brokers.pubsub} (database ${process.env.REDIS_DB ?? '0'})`);
    console.log(`ready. logs: ${logDir}  tokens: ${join(runDir, 'tokens.env')}  (Ctrl-C stops everything)`);
    const user = apps.find((a) => a.appId === 'user');
    if (user) void reportBootstrapAdmin(user.app.logFile, (text) => console.warn(text));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await shutdown(1);
  }
}

void main();
