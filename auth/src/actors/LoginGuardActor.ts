// One actor per login identity (user type + hash of the normalized email): counts failures and locks
// the identity after too many. The counters need no event and live in actor state; a lock is written
// to auth-store with its account.locked event through the outbox, once per lock.
import { AbstractActor } from '@dapr/dapr';
import { readActorState } from '@idp/common';
import { AUTH_EVENTS, type AccountLockedEvent, type UserType } from '@idp/proto';
import { emptyGuard, lockedFor, recordFailure, recordSuccess, type GuardState } from '../domain/lockout.js';
import { lockoutsTotal } from '../metrics.js';
import { lockKey } from '../stores.js';
import { actorDeps } from './deps.js';

const GUARD = 'guard';

export class LoginGuardActor extends AbstractActor {
  private async state(): Promise<GuardState> {
    return (await readActorState<GuardState>(this.getStateManager(), GUARD)) ?? emptyGuard();
  }

  private async save(state: GuardState): Promise<void> {
    const manager = this.getStateManager<GuardState>();
    await manager.setState(GUARD, state);
    await manager.saveState();
  }

  /** `failures`: recent failures a success would reset (none: the caller need not report it). */
  async check(): Promise<{ lockedForMs: number; failures: number }> {
    const state = await this.state();
    return { lockedForMs: lockedFor(state, Date.now()), failures: state.failures.length };
  }

  async failure(input: { userType: UserType; subjectId: string | null }): Promise<{ lockedForMs: number }> {
    const { settings, outbox } = actorDeps();
    const now = Date.now();
    const before = await this.state();
    const { state, lockedNow } = recordFailure(before, now, settings.lockout);
    if (lockedNow) {
      const guardId = this.getActorId().getId();
      const event: AccountLockedEvent = {
        userType: input.userType,
        identifierHash: guardId.slice(guardId.indexOf(':') + 1),
        subjectId: input.subjectId,
        failedAttempts: settings.lockout.maxFailures,
        lockedUntil: new Date(state.lockedUntil!).toISOString(),
        occurredAt: new Date(now).toISOString(),
      };
      await outbox.write(
        { key: lockKey(guardId), value: { ...event, lockedAt: event.occurredAt }, metadata: { ttlInSeconds: String(Math.ceil(settings.lockout.lockMs / 1000) + 86_400) } },
        { type: AUTH_EVENTS.accountLocked, data: event },
      );
      lockoutsTotal.inc({ user_type: input.userType });
    }
    await this.save(state);
    return { lockedForMs: lockedFor(state, now) };
  }

  async success(): Promise<void> {
    const current = await this.state();
    if (current.failures.length || current.lockedUntil !== null) await this.save(recordSuccess());
  }
}
