// The recovery path of the Dapr outbox for an event that was committed but never published. A state
// transaction on an outbox-enabled store writes a marker row (`outbox-<uuid>`, without the app's key
// prefix: daprd adds it after the state operations got theirs) beside the
// state, and the sidecar's internal-topic handler deletes it once the event is on the bus. A marker
// still there long after its commit is an internal message the outbox pub/sub lost (a broker that
// lost what it held, a redelivery dropped). The patched runtime keeps the internal message in the
// marker (tools/dapr/PATCHES.md, 0004), so this sweep hands it to the internal topic again: the
// handler finds its marker, publishes the event with its original id (consumers deduplicate by id)
// and deletes the marker. One sweep at a time across replicas (a PostgreSQL advisory lock).
import type pg from 'pg';
import type { BaseConfig } from './config.js';
import type { DaprClient } from './dapr.js';
import type { Logger } from './logger.js';
import { outboxMarkersSwept } from './metrics.js';

export interface OutboxSweepOptions {
  /** A pool on the database that holds the store's table. */
  pool: pg.Pool;
  dapr: DaprClient;
  logger: Logger;
  appId: string;
  /** The outbox-enabled store, as in components/ (for logs and metrics). */
  store: string;
  /** Its table: `<tablePrefix>state` in the public schema (components/<app>-store.yaml). */
  table: string;
  /** The store's `outboxPubsub` and `outboxPublishTopic`. */
  outboxPubsub: string;
  publishTopic: string;
  /** Dapr's namespace (NAMESPACE; `default` locally). */
  namespace: string;
  /** A marker younger than this may belong to a message still on its way (the handler waits ~1 s,
   * then up to 10 s for a slow commit, and a pending message is claimed again after 60 s). */
  minAgeSeconds?: number;
  intervalMs?: number;
  batchSize?: number;
}

interface MarkerRow {
  key: string;
  message: string;
}

/** The internal topic of an outbox store, as daprd names it (pkg/runtime/pubsub/outbox.go outboxTopic). */
export const outboxInternalTopic = (namespace: string, appId: string, publishTopic: string): string => `${namespace}${appId}${publishTopic}outbox`;

/** The internal message a marker keeps, when it is one: a CloudEvent whose id is the marker's key. */
export function markerMessage(key: string, text: string): Record<string, unknown> | undefined {
  try {
    const event = JSON.parse(text) as unknown;
    if (!event || typeof event !== 'object' || Array.isArray(event)) return undefined;
    const id = (event as { id?: unknown }).id;
    return typeof id === 'string' && id === key ? (event as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** One advisory lock id per store table, so the apps' sweeps never wait for one another. */
const lockId = (table: string, appId: string): number => {
  let hash = 0x5eed;
  for (const char of `${appId}:${table}`) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
};

export class OutboxSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  /** Markers already republished by this process and when, so a slow handler is not flooded. */
  private readonly republished = new Map<string, number>();
  private readonly unrecoverable = new Set<string>();

  private indexed = false;

  constructor(private readonly options: OutboxSweepOptions) {}

  /** Markers are a handful of rows in a table of every aggregate: a partial index finds them without
   * a scan. Created once the sidecar has created the table (the first sweeps may come before). */
  private async ensureIndex(client: pg.PoolClient): Promise<void> {
    if (this.indexed) return;
    const { table } = this.options;
    try {
      // Concurrently: building it on a large existing table must not hold the aggregates' writes.
      await client.query('SET statement_timeout = 0');
      await client.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${table}_outbox_markers ON public.${table} (created_at) WHERE key LIKE 'outbox-%'`);
      this.indexed = true;
    } catch (error) {
      // No table yet (the sidecar creates it): the sweep works without the index meanwhile.
      this.options.logger.debug('outbox marker index not created (yet)', { table, error: String(error) });
    } finally {
      await client.query('RESET statement_timeout');
    }
  }

  start(): void {
    const interval = this.options.intervalMs ?? 30_000;
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.sweep().catch((error: unknown) => this.options.logger.warn('outbox sweep failed; the next one retries', { store: this.options.store, error: String(error) })).finally(() => (this.running = undefined));
    }, interval);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass: republishes every marker older than the minimum age; returns how many it republished. */
  async sweep(): Promise<number> {
    const { pool, table, appId, store, logger } = this.options;
    const client = await pool.connect();
    try {
      const locked = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [lockId(table, appId)]);
      if (!locked.rows[0]?.locked) return 0;
      try {
        await this.ensureIndex(client);
        // The literal predicate matches the partial index's, so the planner uses it.
        const { rows } = await client.query<MarkerRow>(
          `SELECT key, convert_from(value, 'UTF8') AS message FROM public.${table}
            WHERE key LIKE 'outbox-%' AND created_at < now() - make_interval(secs => $1) ORDER BY created_at LIMIT $2`,
          [this.options.minAgeSeconds ?? 90, this.options.batchSize ?? 200],
        );
        let republished = 0;
        const now = Date.now();
        for (const row of rows) {
          const last = this.republished.get(row.key);
          if (last !== undefined && now - last < 5 * 60_000) continue;
          const message = markerMessage(row.key, row.message);
          if (!message) {
            if (!this.unrecoverable.has(row.key)) {
              this.unrecoverable.add(row.key);
              outboxMarkersSwept.inc({ store, outcome: 'unrecoverable' });
              logger.error('outbox marker without its message (written by an unpatched runtime?): its event cannot be republished', { store, key: row.key });
            }
            continue;
          }
          await this.options.dapr.publishCloudEvent(this.options.outboxPubsub, outboxInternalTopic(this.options.namespace, appId, this.options.publishTopic), message);
          this.republished.set(row.key, now);
          outboxMarkersSwept.inc({ store, outcome: 'republished' });
          logger.warn('committed event never published: handed to the outbox again', { store, key: row.key, type: message.type });
          republished++;
        }
        for (const [key, at] of this.republished) if (now - at > 30 * 60_000) this.republished.delete(key);
        return republished;
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [lockId(table, appId)]);
      }
    } finally {
      client.release();
    }
  }
}

/** Every outbox-enabled store of the platform uses this table prefix (components/<app>-store.yaml). */
const OUTBOX_STATE_TABLE = 'agg_state';
const OUTBOX_PUBSUB = 'outbox-pubsub';

/** Starts the sweep of one app's outbox store on its own schedule (OUTBOX_SWEEP_* settings). */
export function startOutboxSweep(
  config: Pick<BaseConfig, 'NAMESPACE' | 'OUTBOX_SWEEP_INTERVAL_SECONDS' | 'OUTBOX_SWEEP_MIN_AGE_SECONDS'>,
  deps: { pool: pg.Pool; dapr: DaprClient; logger: Logger; appId: string; store: string; publishTopic: string },
): OutboxSweeper {
  const sweeper = new OutboxSweeper({
    ...deps,
    table: OUTBOX_STATE_TABLE,
    outboxPubsub: OUTBOX_PUBSUB,
    namespace: config.NAMESPACE,
    intervalMs: config.OUTBOX_SWEEP_INTERVAL_SECONDS * 1000,
    minAgeSeconds: config.OUTBOX_SWEEP_MIN_AGE_SECONDS,
  });
  sweeper.start();
  return sweeper;
}
