// Staff emails are unique: common's index actor, checking ownership against the user document.
import { indexActorId, UniqueIndexActorBase, type Logger } from '@idp/common';
import { indexedEmail, userKey, type UserAggregate } from '../domain/user.js';
import { STORES } from '../stores.js';
import { actorDeps } from './deps.js';

export class UserEmailIndexActor extends UniqueIndexActorBase {
  protected override readonly field = 'email';

  protected override async ownerHolds(ownerId: string, indexId: string): Promise<boolean> {
    const item = await actorDeps().dapr.getState<UserAggregate>(STORES.aggregates, userKey(ownerId));
    const email = item ? indexedEmail(item.value) : null;
    return email !== null && indexActorId(email) === indexId;
  }

  protected override pendingTimeoutMs(): number {
    return actorDeps().claimPendingTimeoutMs;
  }

  protected override indexLogger(): Logger {
    return actorDeps().logger;
  }
}
