import { AbstractActor } from '@dapr/dapr';
import { readActorState } from '@idp/common';
import { customerKey, indexedValue, type CustomerAggregate } from '../domain/customer.js';
import { decideClaim, indexActorId, type IndexClaim, type IndexKind } from '../domain/index-claim.js';
import { STORES } from '../stores.js';
import { actorDeps } from './deps.js';
import type { ClaimResult, UniqueIndexActorApi } from './UniqueIndexActor.interface.js';

const CLAIM = 'claim';

/** Shared behaviour of the email and phone indexes; the subclass names the actor type and the field. */
abstract class UniqueIndexActor extends AbstractActor implements UniqueIndexActorApi {
  protected abstract readonly kind: IndexKind;

  private async current(): Promise<IndexClaim | undefined> {
    return readActorState(this.getStateManager<IndexClaim>(), CLAIM);
  }

  private async save(claim: IndexClaim | undefined): Promise<void> {
    const state = this.getStateManager<IndexClaim>();
    if (claim) await state.setState(CLAIM, claim);
    else await state.tryRemoveState(CLAIM);
    await state.saveState();
  }

  /** Whether the customer's current document holds the value this actor indexes. */
  private async ownerHolds(ownerId: string): Promise<boolean> {
    const item = await actorDeps().dapr.getState<CustomerAggregate>(STORES.aggregates, customerKey(ownerId));
    const value = item ? indexedValue(item.value, this.kind) : null;
    return value !== null && indexActorId(value) === this.getActorId().getId();
  }

  async claim({ ownerId }: { ownerId: string }): Promise<ClaimResult> {
    const now = new Date();
    const current = await this.current();
    const decision = decideClaim(current, ownerId, now, actorDeps().claimPendingTimeoutMs);
    switch (decision.kind) {
      case 'already_owned':
        return { claimed: true };
      case 'taken':
        return { claimed: false, ownerId: decision.ownerId };
      case 'check_owner':
        if (await this.ownerHolds(decision.ownerId)) {
          if (current!.status !== 'confirmed') await this.save({ ...current!, status: 'confirmed' });
          return { claimed: false, ownerId: decision.ownerId };
        }
        actorDeps().logger.info('taking over a claim its owner no longer holds', { index: this.kind, previousOwner: decision.ownerId, ownerId });
        break;
      case 'granted':
        break;
    }
    await this.save({ ownerId, status: 'pending', claimedAt: now.toISOString() });
    return { claimed: true };
  }

  async confirm({ ownerId }: { ownerId: string }): Promise<void> {
    const current = await this.current();
    if (current?.ownerId === ownerId && current.status !== 'confirmed') await this.save({ ...current, status: 'confirmed' });
  }

  async release({ ownerId }: { ownerId: string }): Promise<void> {
    const current = await this.current();
    if (current?.ownerId === ownerId) await this.save(undefined);
  }

  async lookup(): Promise<{ ownerId: string | null }> {
    const current = await this.current();
    if (!current || !(await this.ownerHolds(current.ownerId))) return { ownerId: null };
    return { ownerId: current.ownerId };
  }
}

// Actor type = class name: these two names are part of the stored state's identity; never rename.
export class EmailIndexActor extends UniqueIndexActor {
  protected readonly kind = 'email' as const;
}

export class PhoneIndexActor extends UniqueIndexActor {
  protected readonly kind = 'phone' as const;
}
