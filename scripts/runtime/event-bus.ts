// The platform's own event bus for local runs and tests: a Redis that keeps every write on disk
// before it answers (AOF, `appendfsync always`), behind both pub/subs (components/pubsub.yaml and
// outbox-pubsub.yaml). The outbox's internal message lives only in this broker between a commit and
// its publish, and an event waits here for its consumers: a Redis that keeps nothing on disk loses
// both when it restarts (seen: 15–19 of 200 committed registrations never got `customer.created`
// after an 8 s Redis outage). Supervised like every other part, so one that dies comes back with
// what it held.
import { mkdirSync } from 'node:fs';
import { Socket } from 'node:net';
import { waitFor } from './net.js';
import { isAlive, spawnLogged, tail, type ManagedProcess } from './processes.js';

export interface EventBus {
  /** host:port, as the components read it (PUBSUB_REDIS_HOST, OUTBOX_REDIS_HOST). */
  address: string;
  port: number;
  dataDir: string;
  process: ManagedProcess;
}

export interface EventBusOptions {
  port: number;
  /** Where its append-only file lives; kept across runs of `npm start`. */
  dataDir: string;
  logDir: string;
  /** The redis-server binary (scripts/servers.sh installs it when missing). */
  command?: string;
}

/** Redis answers PING with +PONG once it has loaded its append-only file. */
export function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

export const eventBusArgs = (port: number, dataDir: string): string[] => [
  '--port', String(port),
  '--bind', '127.0.0.1',
  // Durable: every write is on disk before Redis answers it; no snapshots besides.
  '--appendonly', 'yes',
  '--appendfsync', 'always',
  '--save', '',
  '--dir', dataDir,
  // Its own process in the foreground, so the supervisor sees it die.
  '--daemonize', 'no',
];

export async function startEventBus(options: EventBusOptions): Promise<EventBus> {
  mkdirSync(options.dataDir, { recursive: true });
  const managed = spawnLogged('event-bus-redis', options.command ?? 'redis-server', eventBusArgs(options.port, options.dataDir), { logDir: options.logDir });
  await waitFor(
    'the event bus (redis-server) to answer',
    async () => {
      if (!isAlive(managed)) throw new Error(`event-bus-redis exited:\n${tail(managed.logFile)}`);
      return redisAnswers(options.port);
    },
    30_000,
    () => tail(managed.logFile),
  );
  return { address: `127.0.0.1:${options.port}`, port: options.port, dataDir: options.dataDir, process: managed };
}

export interface PubsubBrokers {
  /** PUBSUB_REDIS_HOST and OUTBOX_REDIS_HOST for daprd. */
  pubsub: string;
  outbox: string;
  /** Present when started here; absent when the environment names the broker. */
  eventBus?: EventBus;
}

/** The brokers the environment names (PUBSUB_REDIS_HOST, and OUTBOX_REDIS_HOST, which defaults to
 * it): an operator's own, then durable by the operator's care. Otherwise the platform's event bus,
 * started here. */
export async function pubsubBrokers(options: EventBusOptions): Promise<PubsubBrokers> {
  const pubsub = process.env.PUBSUB_REDIS_HOST;
  if (pubsub) return { pubsub, outbox: process.env.OUTBOX_REDIS_HOST || pubsub };
  const eventBus = await startEventBus(options);
  return { pubsub: eventBus.address, outbox: eventBus.address, eventBus };
}
