// The uniqueness index as a Dapr actor: one actor per normalized value (id = its hash), whose
// turn-based execution makes claims race-free. Each app subclasses it per indexed field and says how
// to check that an owner's current document still holds the value (domain rules: index-claim.ts).
import { AbstractActor } from '@dapr/dapr';
import { readActorState } from './actor-state.js';
import { decideClaim, type IndexClaim } from './index-claim.js';
import type { Logger } from './logger.js';

export type ClaimResult = { claimed: true } | { claimed: false; ownerId: string };

export interface UniqueIndexActorApi {
  claim(input: { ownerId: string }): Promise<ClaimResult>;
  confirm(input: { ownerId: string }): Promise<void>;
  release(input: { ownerId: string }): Promise<void>;
  /** The account holding the value, checked against that account's document. */
  lookup(): Promise<{ ownerId: string | null }>;
}

/** The actor-state key of the claim; readers outside a turn (a lookup that checks the owner's document
 * itself) read it straight from the actor state store. */
export const INDEX_CLAIM_STATE_KEY = 'claim';
const CLAIM = INDEX_CLAIM_STATE_KEY;

export abstract class UniqueIndexActorBase extends AbstractActor implements UniqueIndexActorApi {
  /** The indexed field, for logs. */
  protected abstract readonly field: string;
  /** Whether the owner's current document holds the value this actor indexes. */
  protected abstract ownerHolds(ownerId: string, indexId: string): Promise<boolean>;
  protected abstract pendingTimeoutMs(): number;
  protected abstract indexLogger(): Logger;

  private async current(): Promise<IndexClaim | undefined> {
    return readActorState(this.getStateManager<IndexClaim>(), CLAIM);
  }

  private async save(claim: IndexClaim | undefined): Promise<void> {
    const state = this.getStateManager<IndexClaim>();
    if (claim) await state.setState(CLAIM, claim);
    else await state.tryRemoveState(CLAIM);
    await state.saveState();
  }

  private holds(ownerId: string): Promise<boolean> {
    return this.ownerHolds(ownerId, this.getActorId().getId());
  }

  async claim({ ownerId }: { ownerId: string }): Promise<ClaimResult> {
    const now = new Date();
    const current = await this.current();
    const decision = decideClaim(current, ownerId, now, this.pendingTimeoutMs());
    switch (decision.kind) {
      case 'already_owned':
        return { claimed: true };
      case 'taken':
        return { claimed: false, ownerId: decision.ownerId };
      case 'check_owner':
        if (await this.holds(decision.ownerId)) {
          if (current!.status !== 'confirmed') await this.save({ ...current!, status: 'confirmed' });
          return { claimed: false, ownerId: decision.ownerId };
        }
        this.indexLogger().info('taking over a claim its owner no longer holds', { index: this.field, previousOwner: decision.ownerId, ownerId });
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
    if (!current || !(await this.holds(current.ownerId))) return { ownerId: null };
    return { ownerId: current.ownerId };
  }
}
