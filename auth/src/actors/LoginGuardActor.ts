// One actor per login identity (user type + hash of the normalized email): admits password checks
// within the remaining failure budget, counts failures and locks the identity after too many. Its
// turn-based execution makes admission race-free: of any number of parallel attempts, at most the
// budget reaches the password check. The counters need no event and live in actor state; a lock is
// written to auth-store with its account.locked event through the outbox, once per lock.
import { AbstractActor } from '@dapr/dapr';
import { readActorState } from '@idp/common';
import { AUTH_EVENTS, type AccountLockedEvent, type AccountUnlockedEvent, type PerformedBy, type UserType } from '@idp/proto';
import { admitAttempt, emptyGuard, lockedFor, releaseLock, settleAttempt, type AttemptOutcome, type GuardState } from '../domain/lockout.js';
import { lockoutsTotal, unlocksTotal } from '../metrics.js';
import { lockKey } from '../stores.js';
import { actorDeps } from './deps.js';

const GUARD = 'guard';

export type AdmitResult = { admitted: true } | { admitted: false; reason: 'locked' | 'busy'; retryAfterMs: number };

/** How soon to retry when attempts in flight hold the budget: about one password check. */
const BUSY_RETRY_MS = 1_000;

export class LoginGuardActor extends AbstractActor {
  private async state(): Promise<GuardState> {
    return (await readActorState<GuardState>(this.getStateManager(), GUARD)) ?? emptyGuard();
  }

  private async save(state: GuardState): Promise<void> {
    const manager = this.getStateManager<GuardState>();
    await manager.setState(GUARD, state);
    await manager.saveState();
  }

  /** Reserves one attempt of the budget for `attemptId`, or says why not. */
  async admit({ attemptId, userType }: { attemptId: string; userType: UserType }): Promise<AdmitResult> {
    const now = Date.now();
    const before = await this.state();
    const admission = admitAttempt(before, now, actorDeps().settings.lockout, attemptId);
    if (admission.lockedNow) await this.publishLock(admission.state, userType, null, now);
    if (admission.state !== before) await this.save(admission.state);
    if (admission.kind === 'admitted') return { admitted: true };
    return admission.kind === 'locked' ? { admitted: false, reason: 'locked', retryAfterMs: admission.lockedForMs } : { admitted: false, reason: 'busy', retryAfterMs: BUSY_RETRY_MS };
  }

  /** Reports the outcome of an admitted attempt; answers the lock now in force, if any. */
  async settle({ attemptId, outcome, userType, subjectId }: { attemptId: string; outcome: AttemptOutcome; userType: UserType; subjectId: string | null }): Promise<{ lockedForMs: number }> {
    const now = Date.now();
    const { state, lockedNow } = settleAttempt(await this.state(), now, actorDeps().settings.lockout, attemptId, outcome);
    if (lockedNow) await this.publishLock(state, userType, subjectId, now);
    await this.save(state);
    return { lockedForMs: lockedFor(state, now) };
  }

  /** Ends a lock (and forgets recent failures) on behalf of staff; account.unlocked records who. */
  async release({ userType, subjectId, performedBy }: { userType: UserType; subjectId: string; performedBy: PerformedBy }): Promise<{ wasLocked: boolean }> {
    const now = Date.now();
    const { state, wasLocked } = releaseLock(await this.state(), now);
    const { outbox } = actorDeps();
    const guardId = this.getActorId().getId();
    const event: AccountUnlockedEvent = { userType, identifierHash: this.identifierHash(), subjectId, wasLocked, performedBy, occurredAt: new Date(now).toISOString() };
    // The lock record and its event first: a release whose event cannot be written changes nothing.
    await outbox.write({ key: lockKey(guardId), value: { ...event, unlockedAt: event.occurredAt }, metadata: { ttlInSeconds: '86400' } }, { type: AUTH_EVENTS.accountUnlocked, data: event });
    await this.save(state);
    unlocksTotal.inc({ user_type: userType, was_locked: String(wasLocked) });
    return { wasLocked };
  }

  private identifierHash(): string {
    const guardId = this.getActorId().getId();
    return guardId.slice(guardId.indexOf(':') + 1);
  }

  private async publishLock(state: GuardState, userType: UserType, subjectId: string | null, now: number): Promise<void> {
    const { settings, outbox } = actorDeps();
    const guardId = this.getActorId().getId();
    const event: AccountLockedEvent = {
      userType,
      identifierHash: this.identifierHash(),
      subjectId,
      failedAttempts: settings.lockout.maxFailures,
      lockedUntil: new Date(state.lockedUntil!).toISOString(),
      occurredAt: new Date(now).toISOString(),
    };
    await outbox.write(
      { key: lockKey(guardId), value: { ...event, lockedAt: event.occurredAt }, metadata: { ttlInSeconds: String(Math.ceil(settings.lockout.lockMs / 1000) + 86_400) } },
      { type: AUTH_EVENTS.accountLocked, data: event },
    );
    lockoutsTotal.inc({ user_type: userType });
  }
}
