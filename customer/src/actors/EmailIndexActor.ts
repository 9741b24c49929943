import { AbstractActor } from '@dapr/dapr';
import { readActorState } from '@idp/common';
import { decideClaim, type EmailClaim } from '../domain/email-claim.js';
import { customerKey } from '../domain/customer.js';
import { STORES } from '../stores.js';
import { actorDeps } from './deps.js';
import type { ClaimResult, EmailIndexActorApi } from './EmailIndexActor.interface.js';

const CLAIM = 'claim';

export class EmailIndexActor extends AbstractActor implements EmailIndexActorApi {
  private async current(): Promise<EmailClaim | undefined> {
    return readActorState(this.getStateManager<EmailClaim>(), CLAIM);
  }

  private async save(claim: EmailClaim | undefined): Promise<void> {
    const state = this.getStateManager<EmailClaim>();
    if (claim) await state.setState(CLAIM, claim);
    else await state.tryRemoveState(CLAIM);
    await state.saveState();
  }

  private async ownerExists(ownerId: string): Promise<boolean> {
    return (await actorDeps().dapr.getState(STORES.aggregates, customerKey(ownerId))) !== undefined;
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
      case 'check_stale':
        // The previous owner's write may have committed before it could confirm: ask the store.
        if (await this.ownerExists(decision.ownerId)) {
          await this.save({ ownerId: decision.ownerId, status: 'confirmed', claimedAt: current!.claimedAt });
          return { claimed: false, ownerId: decision.ownerId };
        }
        actorDeps().logger.info('taking over stale email claim', { previousOwner: decision.ownerId, ownerId });
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
    return { ownerId: current?.ownerId ?? null };
  }
}
