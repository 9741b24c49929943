// Typed proxies for this app's actors, over the sidecar's actor API.
import { createHash } from 'node:crypto';
import type { DaprClient, Result } from '@idp/common';
import type { CustomerView, NewCustomer } from '../domain/customer.js';
import { CUSTOMER_ACTOR } from '../actors/CustomerActor.interface.js';
import { EMAIL_INDEX_ACTOR, type ClaimResult } from '../actors/EmailIndexActor.interface.js';

/** Index actors are keyed by a hash of the normalized email: no PII in actor ids, and no character
 * of an email (a valid one may contain `/`) can break the actor URL. */
export const emailIndexId = (email: string): string => createHash('sha256').update(email).digest('hex');

export class CustomerActors {
  constructor(private readonly dapr: DaprClient) {}

  claimEmail(email: string, ownerId: string): Promise<ClaimResult> {
    return this.dapr.invokeActor(EMAIL_INDEX_ACTOR, emailIndexId(email), 'claim', { ownerId });
  }

  confirmEmail(email: string, ownerId: string): Promise<void> {
    return this.dapr.invokeActor(EMAIL_INDEX_ACTOR, emailIndexId(email), 'confirm', { ownerId });
  }

  releaseEmail(email: string, ownerId: string): Promise<void> {
    return this.dapr.invokeActor(EMAIL_INDEX_ACTOR, emailIndexId(email), 'release', { ownerId });
  }

  async emailOwner(email: string): Promise<string | null> {
    return (await this.dapr.invokeActor<{ ownerId: string | null }>(EMAIL_INDEX_ACTOR, emailIndexId(email), 'lookup')).ownerId;
  }

  createCustomer(id: string, input: Omit<NewCustomer, 'id'>): Promise<Result<CustomerView>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'create', input);
  }
}
