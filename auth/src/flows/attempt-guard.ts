// The failure budget of a login identity (auth's LoginGuardActor), for every password check: login's
// own, and those the user and customer apps make when a password is changed with the current one
// (internal routes). However many checks run at once, at most the remaining budget is admitted.
import { randomUUID } from 'node:crypto';
import { accountLockedError, AppError, retryAfterMs, type DaprClient } from '@idp/common';
import { ERROR_CODES, type PerformedBy, type UserType } from '@idp/proto';
import type { AdmitResult } from '../actors/LoginGuardActor.js';
import type { AttemptOutcome } from '../domain/lockout.js';
import { ACTORS, loginGuardId } from '../actors/names.js';

/** How long an attempt waits for a slot held by attempts in flight before it is turned away. */
const ADMISSION_WAIT_MS = 15_000;

/** Attempts already in flight hold what is left of the budget: retry when they have settled. */
const attemptsInFlightError = (ms: number): AppError =>
  new AppError('rate_limited', ERROR_CODES.tooManyAttempts, 'Other sign-in attempts for this account are being checked; try again shortly.', retryAfterMs(ms));

export class AttemptGuard {
  constructor(private readonly dapr: DaprClient) {}

  private call<T>(userType: UserType, email: string, method: 'admit' | 'settle' | 'release', body: object): Promise<T> {
    return this.dapr.invokeActor<T>(ACTORS.loginGuard, loginGuardId(userType, email), method, body);
  }

  /** A reserved slot's id, or 423 (locked) / 429 (the budget held by attempts in flight for 15 s).
   * Waiting lets parallel right passwords (a customer's devices, a client's retry) all get in, a
   * few at a time, while the waiting guesses see the lock when it comes. */
  async admit(userType: UserType, email: string): Promise<string> {
    const attemptId = randomUUID();
    const deadline = Date.now() + ADMISSION_WAIT_MS;
    for (let pause = 50; ; pause = Math.min(pause * 2, 400)) {
      const admission = await this.call<AdmitResult>(userType, email, 'admit', { attemptId, userType });
      if (admission.admitted) return attemptId;
      if (admission.reason === 'locked') throw accountLockedError(admission.retryAfterMs);
      if (Date.now() + pause > deadline) throw attemptsInFlightError(admission.retryAfterMs);
      await new Promise((resolve) => setTimeout(resolve, pause + Math.floor(Math.random() * pause)));
    }
  }

  /** Reports an admitted check; answers how long the identity is now locked (0: not locked). */
  async settle(userType: UserType, email: string, attemptId: string, outcome: AttemptOutcome, subjectId: string | null): Promise<number> {
    const { lockedForMs } = await this.call<{ lockedForMs: number }>(userType, email, 'settle', { attemptId, outcome, userType, subjectId });
    return lockedForMs;
  }

  release(userType: UserType, email: string, subjectId: string, performedBy: PerformedBy): Promise<{ wasLocked: boolean }> {
    return this.call(userType, email, 'release', { userType, subjectId, performedBy });
  }
}
