// Child processes of the runtime (sentry, placement, scheduler, daprd, apps): each logs to its own
// file, and every process started here is stopped when the launcher exits, also on failure.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ManagedProcess {
  name: string;
  logFile: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const running = new Set<ManagedProcess>();

process.once('exit', () => {
  for (const managed of running) managed.child.kill('SIGKILL');
});

export interface SpawnOptions {
  logDir: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export function spawnLogged(name: string, command: string, args: string[], options: SpawnOptions): ManagedProcess {
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  log.write(`\n=== ${new Date().toISOString()} ${command} ${args.join(' ')}\n`);
  const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    log.write(`=== exited code=${code} signal=${signal}\n`);
    running.delete(managed);
  });
  const managed: ManagedProcess = {
    name,
    logFile,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 8_000);
      await exited;
      clearTimeout(killer);
    },
  };
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
