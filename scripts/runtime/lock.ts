// One platform runtime per machine at a time. Self-hosted daprd finds other apps through mDNS, which
// is machine-wide: a second runtime (npm start beside npm test, or a benchmark) would announce the
// same app-ids, and service invocation would be spread over both. The lock makes that an error.
import { openSync, readFileSync, rmSync, writeSync, closeSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

const LOCK_FILE = join(process.env.DAPR_INSTALL_DIR ?? join(homedir(), '.dapr'), 'identity-platform-runtime.lock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function acquireRuntimeLock(purpose: string): () => void {
  mkdirSync(dirname(LOCK_FILE), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(LOCK_FILE, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, purpose, since: new Date().toISOString() }));
      closeSync(fd);
      const release = () => rmSync(LOCK_FILE, { force: true });
      process.once('exit', release);
      return release;
    } catch {
      let holder: { pid?: number; purpose?: string; since?: string } = {};
      try {
        holder = JSON.parse(readFileSync(LOCK_FILE, 'utf8')) as typeof holder;
      } catch {
        // unreadable: treat as stale
      }
      if (holder.pid && holder.pid !== process.pid && alive(holder.pid)) {
        throw new Error(
          `another platform runtime is running (${holder.purpose ?? 'unknown'}, pid ${holder.pid}, since ${holder.since}). ` +
            `Stop it first: daprd's mDNS name resolution is machine-wide, so two runtimes would answer each other's calls.`,
        );
      }
      rmSync(LOCK_FILE, { force: true });
    }
  }
  throw new Error(`could not take the runtime lock ${LOCK_FILE}`);
}
