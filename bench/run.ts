// `npm run bench` (scripts/bench.sh): starts the platform once with real sidecars, then measures in
// the same run: A (registration via the sidecar) against B (the raw outbox transaction), event
// delivery to a subscriber, and auth's hot paths; prints the figures, saves them as JSON (also what
// was measured before a failure), and stops every process it started, also on failure or Ctrl-C.
import { readSettings } from './settings.js';
import { startPlatform, startPlatformApp, stopPlatform, stopPlatformApp, waitUntilReachable, logDir } from './platform.js';
import { saveResults } from './results.js';
import { readDeliveries, waitForQuiet } from './subscriber/deliveries.js';
import { writePathSuite } from './scenarios/write-path.js';
import { burstDelivery, loadEventsDelivery } from './scenarios/event-delivery.js';
import { authSuite } from './scenarios/auth-suite.js';
import { waitForRegistrations } from './scenarios/recovery.js';
import { customerReadUpdateSuite } from './scenarios/customer-read-update.js';
import { directoryDrain } from './scenarios/directory-drain.js';
import { lifecycleSuite } from './scenarios/lifecycle.js';

const settings = readSettings();
const tag = Date.now().toString(36);
const at = new Date().toISOString();
/** Filled as the run goes, so a failure still saves what was measured. */
const results: Record<string, unknown> = { at, settings };

async function main(): Promise<void> {
  console.log(`bench ${tag}: ${settings.seconds} s per load, ${settings.connections} connections, burst of ${settings.burst}; logs in ${logDir}`);
  const platform = await startPlatform();
  console.log('platform started');

  // A new consumer group starts at the beginning of customer-events: let the old events pass first.
  const history = await waitForQuiet(platform.subscriber, 3_000, 180_000);
  console.log(`subscriber caught up with ${history.eventsReceived} earlier events`);

  const loadSettings = { seconds: settings.seconds, connections: settings.connections };
  const writePath = await writePathSuite(platform.apps.customer, loadSettings, tag);
  results.registration = { app: writePath.app, raw: writePath.raw, ratio: writePath.ratio, documentBytes: writePath.documentBytes };
  results.loadDelivery = await loadEventsDelivery(platform, writePath.appCommits, writePath.rawCommits, settings.deliveryTimeoutMs);
  results.burst = await burstDelivery(platform, settings, tag);

  const subscriber = await readDeliveries(platform.subscriber);
  results.subscriber = { eventsReceived: subscriber.eventsReceived, redeliveries: subscriber.duplicates, historyReplayed: history.eventsReceived };
  console.log(`\nsubscriber: ${subscriber.eventsReceived} events received in total, ${subscriber.duplicates} redeliveries of an event id already seen`);

  // The loads above left the directory projection a backlog: measure it, and let it finish first.
  results.directoryDrain = await directoryDrain();

  if (settings.includeAuth) {
    await Promise.all([waitUntilReachable(platform.apps.customer), waitUntilReachable(platform.apps.auth)]);
    const recovery = await waitForRegistrations(platform.apps.customer, tag);
    results.recoveryAfterBurst = recovery;
    console.log(`customer registrations ${recovery.recovered ? 'succeed again' : 'still fail'} ${recovery.seconds} s after the burst`);
    if (!recovery.recovered) throw new Error('the customer app did not recover after the burst; auth figures skipped');
    Object.assign(results, await authSuite(platform, loadSettings, tag));
    // Reads and updates need signed-in customers, so they come with auth's figures.
    Object.assign(results, await customerReadUpdateSuite(platform, loadSettings, tag));
  }

  if (settings.includeLifecycle) {
    await directoryDrain();
    // A fresh customer app and sidecar: after the loads above the sidecar stays saturated for minutes
    // (see README), which would measure the earlier loads' aftermath, not the lifecycle.
    await stopPlatformApp(platform, 'customer');
    await startPlatformApp(platform, 'customer');
    Object.assign(results, await lifecycleSuite(platform, { tag, erasures: settings.erasures, assignments: settings.segmentAssignments, scanRows: settings.segmentRows, rawOutboxPerSecond: writePath.raw.rps }));
  }
}

let stopping = false;
async function finish(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    // Nothing measured yet (e.g. the runtime lock was taken): nothing worth a results file.
    if (results.registration) console.log(`\nsaved ${saveResults(at, results)}`);
    await stopPlatform();
  }
  process.exit(code);
}

process.once('SIGINT', () => void finish(130));
process.once('SIGTERM', () => void finish(143));
main().then(
  () => finish(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    results.error = error instanceof Error ? error.message : String(error);
    return finish(1);
  },
);
