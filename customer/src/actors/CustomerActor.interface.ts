import type { Result } from '@idp/common';
import type { CustomerView, NewCustomer } from '../domain/customer.js';

export const CUSTOMER_ACTOR = 'CustomerActor';

/** One actor per customer id: the only writer of that customer's aggregate. */
export interface CustomerActorApi {
  create(input: Omit<NewCustomer, 'id'>): Promise<Result<CustomerView>>;
}
