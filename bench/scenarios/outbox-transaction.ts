// The raw outbox transaction of baseline B: what the customer app writes for a registration (the
// aggregate upsert typed customer.created, plus its projection carrying the event data), built from
// the app's own domain functions so size and shape match, with one real scrypt hash reused.
import { randomUUID } from 'node:crypto';
import { hashPassword, schemaErrors } from '@idp/common';
import { eventSchemaId } from '@idp/proto';
import { customerCreatedEvent, customerKey, newCustomerAggregate } from '../../customer/src/domain/customer.js';

export interface OutboxTransaction {
  customerId: string;
  body: string;
}

export type OutboxTransactionFactory = () => OutboxTransaction;

export async function outboxTransactionFactory(tag: string): Promise<OutboxTransactionFactory> {
  const passwordHash = await hashPassword('correct horse battery');
  const build = (): OutboxTransaction => {
    const now = new Date();
    const customerId = randomUUID();
    const aggregate = newCustomerAggregate(
      { id: customerId, email: `raw.${tag}.${customerId}@bench.example.com`, passwordHash, firstName: 'Bench', lastName: 'Raw', phone: null },
      now,
    );
    const event = customerCreatedEvent(aggregate, now);
    const key = customerKey(customerId);
    const body = JSON.stringify({
      operations: [
        { operation: 'upsert', request: { key, value: aggregate, metadata: { type: 'customer.created', contentType: 'application/json' } } },
        { operation: 'upsert', request: { key, value: event, metadata: { 'outbox.projection': 'true', contentType: 'application/json' } } },
      ],
    });
    return { customerId, body };
  };
  // auth (and any consumer) drops events that break their schema: prove ours are valid before the load.
  const sample = JSON.parse(build().body) as { operations: [unknown, { request: { value: unknown } }] };
  const errors = schemaErrors(eventSchemaId('customer.created'), sample.operations[1].request.value);
  if (errors.length) throw new Error(`baseline event is not a valid customer.created: ${JSON.stringify(errors)}`);
  return build;
}

/** Size in bytes of the aggregate document the baseline writes (compare with the app's). */
export function aggregateBytes(transaction: OutboxTransaction): number {
  const parsed = JSON.parse(transaction.body) as { operations: [{ request: { value: unknown } }] };
  return Buffer.byteLength(JSON.stringify(parsed.operations[0].request.value));
}
