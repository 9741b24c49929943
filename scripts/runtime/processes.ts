// Child processes of the runtime (sentry, placement, scheduler, daprd, apps): each logs to its own
// file, a child that dies on its own is started again with backoff (what a process supervisor or
// Kubernetes does: the platform heals without a person), and every process started here is stopped
// when the launcher exits, also on failure.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nextRestartDelayMs, type RestartPolicy } from './restart-policy.js';

export interface ManagedProcess {
  name: string;
  logFile: string;
  /** The running child (a new one after each restart). */
  readonly child: ChildProcess;
  /** How many times it was started again after dying on its own. */
  readonly restarts: number;
  stop(): Promise<void>;
}

const running = new Set<ManagedProcess>();
let shuttingDown = false;

process.once('exit', () => {
  for (const managed of running) managed.child.kill('SIGKILL');
});

/** Where a restart is reported besides the process's own log; the launcher and the tests' stderr. */
export type RestartReporter = (line: string) => void;
let reportRestart: RestartReporter = (line) => process.stderr.write(`${line}\n`);

export function onRestart(reporter: RestartReporter): void {
  reportRestart = reporter;
}

/** No child is started again from now on: the whole runtime is stopping (Ctrl-C reaches the
 * children too, and their exits must not be taken for crashes). */
export function beginShutdown(): void {
  shuttingDown = true;
}

export interface SpawnOptions {
  logDir: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Backoff for starting it again when it dies on its own; `false` leaves it dead. */
  restart?: RestartPolicy | false;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialDelayMs: 1_000, maxDelayMs: 30_000, stableAfterMs: 60_000 };

export function spawnLogged(name: string, command: string, args: string[], options: SpawnOptions): ManagedProcess {
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const policy = options.restart === undefined ? DEFAULT_RESTART_POLICY : options.restart;
  let stopping = false;
  let restarts = 0;
  let consecutiveFailures = 0;
  let pendingRestart: NodeJS.Timeout | undefined;
  let child!: ChildProcess;
  let exited!: Promise<void>;

  const start = () => {
    log.write(`\n=== ${new Date().toISOString()} ${command} ${args.join(' ')}\n`);
    const startedAt = Date.now();
    child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    // A failed spawn (binary missing) emits 'error' and then 'exit' with no code; the exit handles it.
    child.once('error', (error) => log.write(`=== spawn failed: ${error.message}\n`));
    exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.once('exit', (code, signal) => {
      log.write(`=== exited code=${code} signal=${signal}\n`);
      if (stopping || shuttingDown || !policy) {
        running.delete(managed);
        return;
      }
      consecutiveFailures = Date.now() - startedAt >= policy.stableAfterMs ? 1 : consecutiveFailures + 1;
      const delayMs = nextRestartDelayMs(policy, consecutiveFailures);
      const line = `[supervisor] ${name} exited (${signal ? `signal ${signal}` : `code ${code}`}); starting it again in ${(delayMs / 1000).toFixed(1)} s (restart ${restarts + 1}); log ${logFile}`;
      log.write(`=== ${line}\n`);
      reportRestart(line);
      pendingRestart = setTimeout(() => {
        pendingRestart = undefined;
        if (stopping || shuttingDown) {
          running.delete(managed);
          return;
        }
        restarts += 1;
        start();
      }, delayMs);
    });
  };

  const managed: ManagedProcess = {
    name,
    logFile,
    get child() {
      return child;
    },
    get restarts() {
      return restarts;
    },
    async stop() {
      stopping = true;
      if (pendingRestart) {
        clearTimeout(pendingRestart);
        pendingRestart = undefined;
        running.delete(managed);
      }
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 8_000);
      await exited;
      clearTimeout(killer);
    },
  };
  start();
  running.add(managed);
  return managed;
}

export function isAlive(managed: ManagedProcess): boolean {
  return managed.child.exitCode === null && managed.child.signalCode === null;
}

export function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export async function stopAll(processes: ManagedProcess[]): Promise<void> {
  await Promise.all([...processes].reverse().map((p) => p.stop()));
}
