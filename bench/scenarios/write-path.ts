// A vs B: registration through the app against the raw outbox transaction on the same daprd and
// store, run back to back, with throughput and latency ratios.
import type { RunningApp } from '../../scripts/runtime/apps.js';
import type { Commits } from '../commits.js';
import { printRatio, printResult } from '../stats.js';
import { aggregateBytes, outboxTransactionFactory } from './outbox-transaction.js';
import { rawOutboxTransaction, registrationThroughApp, type LoadSettings } from './registration.js';

export async function writePathSuite(customer: RunningApp, settings: LoadSettings, tag: string) {
  const nextTransaction = await outboxTransactionFactory(tag);
  const documentBytes = aggregateBytes(nextTransaction());
  console.log(`\nA: registration through the app vs B: raw daprd outbox transaction (aggregate document ${documentBytes} bytes)`);
  const appCommits: Commits = new Map();
  const rawCommits: Commits = new Map();
  const app = await registrationThroughApp(customer, settings, tag, appCommits);
  const raw = await rawOutboxTransaction(customer, settings, nextTransaction, rawCommits);
  printResult(app);
  printResult(raw);
  const ratio = printRatio('A / B', app, raw);
  return { app, raw, ratio, documentBytes, appCommits, rawCommits };
}
