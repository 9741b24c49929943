// Mocha global fixtures and root hooks for integration tests: start the runtime once per run, stop
// everything at the end (also when tests fail), and show the logs' tails when a test fails.
import type { Context } from 'mocha';
import { logDir, logTails, startRuntime, stopRuntime } from './runtime.js';

export async function mochaGlobalSetup(): Promise<void> {
  const started = Date.now();
  await startRuntime();
  console.log(`  runtime started in ${((Date.now() - started) / 1000).toFixed(1)} s; logs in ${logDir}`);
}

export async function mochaGlobalTeardown(): Promise<void> {
  await stopRuntime();
}

export const mochaHooks = {
  afterEach(this: Context) {
    if (this.currentTest?.state === 'failed') console.log(`\n  logs of the failed test "${this.currentTest.title}":\n${logTails()}\n`);
  },
};
