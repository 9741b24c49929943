// `npm run bench` (scripts/bench.sh): starts the platform once with real sidecars, then measures in
// the same run: the customer read on the fresh platform; A (registration via the sidecar) against B
// (the raw outbox transaction) and the hash bound; event delivery to a subscriber; auth's hot paths;
// the read again after N registrations, /me and updates; the lifecycle. After every load it samples
// the sidecars' CPU until they are quiet. It ends with the table of every path against its floor and
// target, saves the figures as JSON (also what was measured before a failure), and stops every
// process it started, also on failure or Ctrl-C.
import { ORY_ANCHORS } from './anchors.js';
import { describeMachine, machine } from './machine.js';
import { readSettings } from './settings.js';
import { startPlatform, stopPlatform, waitUntilReachable, logDir } from './platform.js';
import { hasFigures, saveResults, type RunResults } from './results.js';
import { sidecarWatch } from './sidecars.js';
import { printSummary, summarizeRun } from './summary.js';
import { readDeliveries, waitForQuiet } from './subscriber/deliveries.js';
import { rawOutboxFloor, writePathSuite } from './scenarios/write-path.js';
import { burstDelivery, loadEventsDelivery } from './scenarios/event-delivery.js';
import { authSuite } from './scenarios/auth-suite.js';
import { waitForRegistrations } from './scenarios/recovery.js';
import { customerReadUpdateSuite, readSuite } from './scenarios/customer-read-update.js';
import { FILL_LOAD, readChange, registerMore } from './scenarios/degradation.js';
import { directoryDrain } from './scenarios/directory-drain.js';
import { lifecycleSuite } from './scenarios/lifecycle.js';
import { customerSubjects } from './scenarios/subjects.js';

const settings = readSettings();
const tag = Date.now().toString(36);
const at = new Date().toISOString();
/** Filled as the run goes, so a failure still saves (and tabulates) what was measured. */
const host = machine();
const results: RunResults = { at, settings, machine: host, anchors: ORY_ANCHORS };

async function main(): Promise<void> {
  console.log(`bench ${tag}: ${settings.seconds} s per load, ${settings.connections} connections, burst of ${settings.burst}; logs in ${logDir}`);
  console.log(`machine: ${describeMachine(host)}`);
  const platform = await startPlatform();
  console.log('platform started');
  const sidecars = sidecarWatch(platform);
  results.sidecarCpu = sidecars.log;
  const after = sidecars.after;

  // A new consumer group starts at the beginning of customer-events: let the old events pass first.
  const history = await waitForQuiet(platform.subscriber, 3_000, 180_000);
  console.log(`subscriber caught up with ${history.eventsReceived} earlier events`);

  const loadSettings = { seconds: settings.seconds, connections: settings.connections };
  if (settings.onlyLifecycle) {
    const raw = await rawOutboxFloor(platform.apps.customer, loadSettings, tag, after);
    Object.assign(results, await lifecycleSuite(platform, { tag, erasures: settings.erasures, assignments: settings.segmentAssignments, scanRows: settings.segmentRows, rawOutboxPerSecond: raw.rps }));
    await after('lifecycle (erasures, segment runs)');
    return;
  }
  // The read on the fresh platform, before any write load; measured again after N registrations.
  // It needs signed-in customers, so BENCH_AUTH=0 skips it with auth's figures.
  const readers = settings.includeAuth ? await customerSubjects(platform, settings.connections, `${tag}.read`) : [];
  const earlyRead = settings.includeAuth ? await readSuite(platform.apps.customer, readers, loadSettings, after, 'early') : undefined;
  results.readEarly = earlyRead;

  const writePath = await writePathSuite(platform.apps.customer, loadSettings, tag, after);
  results.registration = { app: writePath.app, raw: writePath.raw, ratio: writePath.ratio, documentBytes: writePath.documentBytes, hashBound: writePath.hashBound, hashRatio: writePath.hashRatio };
  results.loadDelivery = await loadEventsDelivery(platform, writePath.appCommits, writePath.rawCommits, settings.deliveryTimeoutMs);
  const burst = await burstDelivery(platform, settings, tag, after);
  results.burst = burst;

  const subscriber = await readDeliveries(platform.subscriber);
  results.subscriber = { eventsReceived: subscriber.eventsReceived, redeliveries: subscriber.duplicates, historyReplayed: history.eventsReceived };
  console.log(`\nsubscriber: ${subscriber.eventsReceived} events received in total, ${subscriber.duplicates} redeliveries of an event id already seen`);

  // The loads above left the directory projection a backlog: measure it, and let it finish first.
  results.directoryDrain = await directoryDrain(platform.pubsubAddress);

  if (settings.includeAuth && earlyRead) {
    await Promise.all([waitUntilReachable(platform.apps.customer), waitUntilReachable(platform.apps.auth)]);
    const recovery = await waitForRegistrations(platform.apps.customer, tag);
    results.recoveryAfterBurst = recovery;
    console.log(`customer registrations ${recovery.recovered ? 'succeed again' : 'still fail'} ${recovery.seconds} s after the burst`);
    if (!recovery.recovered) throw new Error('the customer app did not recover after the burst; auth figures skipped');
    Object.assign(results, await authSuite(platform, loadSettings, tag, after));

    // The late read comes after at least BENCH_DEGRADATION_REGISTRATIONS registrations in the run.
    const registered = writePath.appCommits.size + burst.registration.registered;
    const missing = settings.degradationRegistrations - registered;
    const fill = missing > 0 ? await registerMore(platform.apps.customer, missing, settings.connections, tag) : null;
    results.degradationFill = fill;
    if (fill) {
      await after(FILL_LOAD);
      // Read on a platform that has projected what it stored, as after the burst.
      results.degradationDrain = await directoryDrain(platform.pubsubAddress);
    }
    const late = await customerReadUpdateSuite(platform, readers, loadSettings, after);
    Object.assign(results, late);
    results.degradation = readChange(earlyRead, late.read, registered + (fill?.registered ?? 0), fill);
  }

  if (settings.includeLifecycle) {
    // On the platform as the loads above left it: no restart (the sidecars are quiet again, see
    // the CPU samples after each load).
    await directoryDrain(platform.pubsubAddress);
    Object.assign(results, await lifecycleSuite(platform, { tag, erasures: settings.erasures, assignments: settings.segmentAssignments, scanRows: settings.segmentRows, rawOutboxPerSecond: writePath.raw.rps }));
    await after('lifecycle (erasures, segment runs)');
  }
}

let stopping = false;
async function finish(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    // Nothing measured yet (e.g. the runtime lock was taken): no table, nothing worth a results file.
    if (hasFigures(results)) {
      // A fault in the table must not cost the figures: they are saved either way.
      try {
        results.table = summarizeRun(results);
        printSummary(results.table, describeMachine(host));
      } catch (error) {
        console.error('the final table failed:', error);
      }
      console.log(`\nsaved ${saveResults(at, results)}`);
    }
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
