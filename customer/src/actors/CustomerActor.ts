import { AbstractActor } from '@dapr/dapr';
import { AppError, asResult, type Result } from '@idp/common';
import { CUSTOMER_EVENTS, ERROR_CODES } from '@idp/proto';
import {
  customerCreatedEvent,
  customerKey,
  newCustomerAggregate,
  toView,
  type CustomerAggregate,
  type CustomerView,
  type NewCustomer,
} from '../domain/customer.js';
import { STORES } from '../stores.js';
import { actorDeps } from './deps.js';
import type { CustomerActorApi } from './CustomerActor.interface.js';

export class CustomerActor extends AbstractActor implements CustomerActorApi {
  private get customerId(): string {
    return this.getActorId().getId();
  }

  private async load(): Promise<{ aggregate: CustomerAggregate; etag: string | undefined } | undefined> {
    const item = await actorDeps().dapr.getState<CustomerAggregate>(STORES.aggregates, customerKey(this.customerId));
    return item ? { aggregate: item.value, etag: item.etag } : undefined;
  }

  async create(input: Omit<NewCustomer, 'id'>): Promise<Result<CustomerView>> {
    return asResult(async () => {
      if (await this.load()) throw new AppError('conflict', ERROR_CODES.concurrentModification, 'A customer with this id already exists.');
      const now = new Date();
      const aggregate = newCustomerAggregate({ ...input, id: this.customerId }, now);
      await actorDeps().outbox.write(
        { key: customerKey(this.customerId), value: aggregate },
        { type: CUSTOMER_EVENTS.created, data: customerCreatedEvent(aggregate, now) },
      );
      return toView(aggregate);
    });
  }
}
