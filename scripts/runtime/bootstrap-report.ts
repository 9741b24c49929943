// `npm start` tells the operator, on the terminal, when BOOTSTRAP_ADMIN_PASSWORD no longer opens the
// first administrator's account (the user app checks it at start and logs it; see
// user/src/bootstrap.ts), and how to reset it. Read from the user app's log of this start.
import { readFileSync } from 'node:fs';

export type BootstrapReport = { kind: 'pending' } | { kind: 'ok' } | { kind: 'mismatch'; email: string; hint: string };

const MISMATCH = 'bootstrap administrator password mismatch';
const SETTLED = ['bootstrap administrator created', 'bootstrap administrator already exists'];

/** What the log of the latest start (after its last `=== <time>` header) says. */
export function bootstrapReport(log: string): BootstrapReport {
  const starts = [...log.matchAll(/^=== \d{4}-\d\d-\d\dT/gm)];
  const current = starts.length ? log.slice(starts[starts.length - 1]!.index) : log;
  let settled = false;
  for (const line of current.split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry: { message?: unknown; email?: unknown; hint?: unknown };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    if (entry.message === MISMATCH) return { kind: 'mismatch', email: String(entry.email ?? ''), hint: String(entry.hint ?? '') };
    if (typeof entry.message === 'string' && SETTLED.includes(entry.message)) settled = true;
  }
  return settled ? { kind: 'ok' } : { kind: 'pending' };
}

/** Watches the user app's log for up to `timeoutMs`; prints a warning on a mismatch. */
export async function reportBootstrapAdmin(logFile: string, print: (text: string) => void, timeoutMs = 120_000): Promise<BootstrapReport> {
  const deadline = Date.now() + timeoutMs;
  let settledAt: number | undefined;
  for (;;) {
    let report: BootstrapReport;
    try {
      report = bootstrapReport(readFileSync(logFile, 'utf8'));
    } catch {
      report = { kind: 'pending' };
    }
    if (report.kind === 'mismatch') {
      print(`\n!! first administrator ${report.email}: ${report.hint}\n`);
      return report;
    }
    // The password check follows the "exists" line by one hash: give it a few seconds.
    if (report.kind === 'ok') settledAt ??= Date.now();
    if ((settledAt !== undefined && Date.now() - settledAt > 5_000) || Date.now() > deadline) return report;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
