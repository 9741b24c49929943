// Reads of the customer document need no actor turn: the actor is the only writer. When the
// customer's actor is active in this process its copy is the document (actors/active-customers.ts);
// otherwise the read goes straight to the store. A deleted customer reads as absent.
import { AppError, type DaprClient } from '@idp/common';
import type { ActiveCustomers } from './actors/active-customers.js';
import { ERROR_CODES } from '@idp/proto';
import { customerKey, type CustomerAggregate } from './domain/customer.js';
import { STORES } from './stores.js';

export const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const customerNotFound = () => new AppError('not_found', ERROR_CODES.customerNotFound, 'No customer with this id.');

export class CustomerReader {
  constructor(
    private readonly dapr: DaprClient,
    private readonly active: ActiveCustomers,
  ) {}

  async live(id: string): Promise<CustomerAggregate> {
    const aggregate = await this.any(id);
    if (!aggregate || aggregate.customer.status === 'deleted') throw customerNotFound();
    return aggregate;
  }

  /** The document as stored, deleted or not (for projections). */
  async any(id: string): Promise<CustomerAggregate | undefined> {
    if (!CUSTOMER_ID_PATTERN.test(id)) return undefined;
    const held = this.active.fresh(id);
    if (held) return held;
    const readAt = Date.now();
    const aggregate = (await this.dapr.getState<CustomerAggregate>(STORES.aggregates, customerKey(id)))?.value;
    if (aggregate) this.active.renew(id, aggregate, readAt);
    return aggregate;
  }
}
