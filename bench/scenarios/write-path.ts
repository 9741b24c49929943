// A vs B: registration through the app against the raw outbox transaction on the same daprd and
// store, with throughput and latency ratios; and registration against its hash bound (hashPassword
// alone), measured right after it on the same machine state.
import type { RunningApp } from '../../scripts/runtime/apps.js';
import type { Commits } from '../commits.js';
import type { AfterLoad } from '../sidecars.js';
import { printRatio, printResult, round, type LoadResult } from '../stats.js';
import { aggregateBytes, outboxTransactionFactory } from './outbox-transaction.js';
import { hashBound } from './password-bounds.js';
import { rawOutboxTransaction, registrationThroughApp, type LoadSettings } from './registration.js';

export async function writePathSuite(customer: RunningApp, settings: LoadSettings, tag: string, after: AfterLoad) {
  const nextTransaction = await outboxTransactionFactory(tag);
  const documentBytes = aggregateBytes(nextTransaction());
  console.log(`\nA: registration through the app vs B: raw daprd outbox transaction (aggregate document ${documentBytes} bytes), and vs hashPassword alone`);
  const appCommits: Commits = new Map();
  const rawCommits: Commits = new Map();
  const app = await registrationThroughApp(customer, settings, tag, appCommits);
  printResult(app);
  await after(app.name);
  const hash = await hashBound(settings.seconds);
  printResult(hash);
  const raw = await rawOutboxTransaction(customer, settings, nextTransaction, rawCommits);
  printResult(raw);
  await after(raw.name);
  const ratio = printRatio('A / B', app, raw);
  const hashRatio = round(app.rps / hash.rps, 3);
  console.log(`  ratio registration / hash bound: ${hashRatio}x`);
  return { app, raw, ratio, documentBytes, hashBound: hash, hashRatio, appCommits, rawCommits };
}

/** B alone: the floor the lifecycle's erasures are compared with, for a run of the lifecycle only. */
export async function rawOutboxFloor(customer: RunningApp, settings: LoadSettings, tag: string, after: AfterLoad): Promise<LoadResult> {
  const nextTransaction = await outboxTransactionFactory(tag);
  const raw = await rawOutboxTransaction(customer, settings, nextTransaction, new Map());
  printResult(raw);
  await after(raw.name);
  return raw;
}
