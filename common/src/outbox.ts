// Writes one aggregate document and its event in one Dapr state transaction on an outbox-enabled
// store: the upsert of the document and an `outbox.projection` upsert of the same key carrying the
// event data. Dapr publishes the projection only if the state commits, and rejects the transaction
// if it cannot hand the event to its outbox pub/sub: no state without its event, no event without
// its state.
import { ERROR_CODES, eventSchemaId } from '@idp/proto';
import { AppError } from './errors.js';
import { DaprError, type DaprClient, type TransactionOperation } from './dapr.js';
import { outboxWrites } from './metrics.js';
import { schemaErrors } from './validation.js';

export interface OutboxEvent {
  /** CloudEvent type, e.g. `customer.created`; its data must match proto/schemas/events/<type>.json. */
  type: string;
  data: object;
}

export interface AggregateWrite {
  key: string;
  value: object;
  /** ETag read with the document; omitted for a first write. */
  etag?: string;
  /** Extra state metadata, e.g. `ttlInSeconds`. */
  metadata?: Record<string, string>;
}

/** A second event committed in the same transaction as an aggregate write. Dapr's outbox emits one
 * message per upserted key, so it travels on a key of its own: a small carrier document that expires
 * (`ttlInSeconds`), never read by anyone. Used where one change is two events (a registration that
 * also assigns the default segments), so neither can exist without the other. */
export interface CompanionEvent extends OutboxEvent {
  key: string;
}

const COMPANION_TTL_SECONDS = '86400';

export class OutboxWriter {
  constructor(
    private readonly dapr: DaprClient,
    private readonly store: string,
  ) {}

  async write(aggregate: AggregateWrite, event: OutboxEvent, companions: CompanionEvent[] = []): Promise<void> {
    for (const { type, data } of [event, ...companions]) {
      const errors = schemaErrors(eventSchemaId(type), data);
      // A producer bug, not a client error: refuse to publish an event that breaks its contract.
      if (errors.length) throw new Error(`event ${type} does not match its schema: ${JSON.stringify(errors)}`);
    }
    try {
      await this.dapr.transaction(this.store, [
        {
          operation: 'upsert',
          request: {
            key: aggregate.key,
            value: aggregate.value,
            ...(aggregate.etag ? { etag: aggregate.etag } : {}),
            // `type` on the state operation becomes the CloudEvent type of the published message.
            metadata: { ...aggregate.metadata, type: event.type, contentType: 'application/json' },
            ...(aggregate.etag ? { options: { concurrency: 'first-write' as const } } : {}),
          },
        },
        {
          operation: 'upsert',
          request: { key: aggregate.key, value: event.data, metadata: { 'outbox.projection': 'true', contentType: 'application/json' } },
        },
        ...companions.flatMap((companion): TransactionOperation[] => [
          {
            operation: 'upsert',
            request: { key: companion.key, value: { carries: companion.type, of: aggregate.key }, metadata: { ttlInSeconds: COMPANION_TTL_SECONDS, type: companion.type, contentType: 'application/json' } },
          },
          { operation: 'upsert', request: { key: companion.key, value: companion.data, metadata: { 'outbox.projection': 'true', contentType: 'application/json' } } },
        ]),
      ]);
      for (const { type } of [event, ...companions]) outboxWrites.inc({ type, outcome: 'committed' });
    } catch (error) {
      for (const { type } of [event, ...companions]) outboxWrites.inc({ type, outcome: 'failed' });
      throw mapOutboxError(error);
    }
  }
}

function mapOutboxError(error: unknown): unknown {
  if (!(error instanceof DaprError)) return error;
  if (error.errorCode === 'ERR_PUBLISH_OUTBOX') {
    return new AppError('unavailable', ERROR_CODES.eventBusUnavailable, 'The event bus is unavailable; nothing was written. Retry later.', {
      retryAfter: 5,
      cause: error,
    });
  }
  if (/etag/i.test(error.message)) {
    return new AppError('conflict', ERROR_CODES.concurrentModification, 'The record changed while it was being written. Retry.', { cause: error });
  }
  return new AppError('unavailable', ERROR_CODES.dependencyUnavailable, 'The state store is unavailable; nothing was written. Retry later.', {
    retryAfter: 5,
    cause: error,
  });
}
