// The customer's uniqueness indexes (email, phone): common's index actor, checking ownership against
// the customer document.
import { indexActorId, UniqueIndexActorBase, type Logger } from '@idp/common';
import { customerKey, indexedValue, type CustomerAggregate } from '../domain/customer.js';
import { STORES } from '../stores.js';
import { actorDeps } from './deps.js';
import type { IndexKind } from './UniqueIndexActor.interface.js';

abstract class CustomerIndexActor extends UniqueIndexActorBase {
  protected abstract override readonly field: IndexKind;

  protected override async ownerHolds(ownerId: string, indexId: string): Promise<boolean> {
    const item = await actorDeps().dapr.getState<CustomerAggregate>(STORES.aggregates, customerKey(ownerId));
    const value = item ? indexedValue(item.value, this.field) : null;
    return value !== null && indexActorId(value) === indexId;
  }

  protected override pendingTimeoutMs(): number {
    return actorDeps().claimPendingTimeoutMs;
  }

  protected override indexLogger(): Logger {
    return actorDeps().logger;
  }
}

// Actor type = class name: these two names are part of the stored state's identity; never rename.
export class EmailIndexActor extends CustomerIndexActor {
  protected override readonly field = 'email' as const;
}

export class PhoneIndexActor extends CustomerIndexActor {
  protected override readonly field = 'phone' as const;
}
