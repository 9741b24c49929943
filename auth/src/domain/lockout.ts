// Login throttling per login identity (user type + normalized email): failures within a sliding
// window are counted; reaching the limit locks the identity for a while. While locked, credentials
// are not even checked. A success resets the count. The lock ends by itself at `lockedUntil`.
//
// Parallel guesses: the check of the budget and the report of a password check's outcome are two
// steps, so an attempt is admitted only with a slot of the remaining budget reserved for it
// (`admitAttempt`), and its outcome settles that slot (`settleAttempt`). However many attempts
// arrive at once, at most the remaining budget reaches the password check.

export interface LockoutPolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export interface GuardState {
  /** Epoch ms of recent failures inside the window. */
  failures: number[];
  lockedUntil: number | null;
  /** Attempts admitted whose outcome has not been reported: attempt id -> epoch ms admitted.
   * Absent in states stored before attempts were reserved. */
  pending?: Record<string, number>;
}

/** An admitted attempt that has not reported back after this long (its caller crashed, or was
 * killed) counts as a failure: killing the process mid-check must not give the budget back.
 * Longer than a credential check can take (the sidecar's timeout and retries). */
export const ATTEMPT_TIMEOUT_MS = 60_000;

export const emptyGuard = (): GuardState => ({ failures: [], lockedUntil: null });

export function lockedFor(state: GuardState, now: number): number {
  return state.lockedUntil !== null && state.lockedUntil > now ? state.lockedUntil - now : 0;
}

export interface FailureOutcome {
  state: GuardState;
  /** True only for the failure that starts a lock: the lock's event is published once. */
  lockedNow: boolean;
}

export function recordFailure(state: GuardState, now: number, policy: LockoutPolicy): FailureOutcome {
  if (lockedFor(state, now) > 0) return { state, lockedNow: false };
  const failures = [...state.failures.filter((at) => now - at < policy.windowMs), now];
  if (failures.length >= policy.maxFailures) return { state: { ...state, failures: [], lockedUntil: now + policy.lockMs }, lockedNow: true };
  return { state: { ...state, failures, lockedUntil: null }, lockedNow: false };
}

const withoutPending = (state: GuardState, attemptId: string): GuardState => {
  const { [attemptId]: _settled, ...rest } = state.pending ?? {};
  return { ...state, pending: rest };
};

/** Attempts that never reported back become failures (and may start a lock). */
export function expireAttempts(state: GuardState, now: number, policy: LockoutPolicy): FailureOutcome {
  let outcome: FailureOutcome = { state, lockedNow: false };
  for (const [attemptId, admittedAt] of Object.entries(state.pending ?? {})) {
    if (now - admittedAt < ATTEMPT_TIMEOUT_MS) continue;
    const next = recordFailure(withoutPending(outcome.state, attemptId), now, policy);
    outcome = { state: next.state, lockedNow: outcome.lockedNow || next.lockedNow };
  }
  return outcome;
}

export type Admission =
  | { kind: 'admitted'; state: GuardState; lockedNow: boolean }
  | { kind: 'locked'; lockedForMs: number; state: GuardState; lockedNow: boolean }
  /** Not locked, but attempts in flight hold what is left of the budget. */
  | { kind: 'busy'; state: GuardState; lockedNow: boolean };

export function admitAttempt(state: GuardState, now: number, policy: LockoutPolicy, attemptId: string): Admission {
  const { state: current, lockedNow } = expireAttempts(state, now, policy);
  const lockedForMs = lockedFor(current, now);
  if (lockedForMs > 0) return { kind: 'locked', lockedForMs, state: current, lockedNow };
  const recentFailures = current.failures.filter((at) => now - at < policy.windowMs).length;
  const inFlight = Object.keys(current.pending ?? {}).length;
  if (recentFailures + inFlight >= policy.maxFailures) return { kind: 'busy', state: current, lockedNow };
  return { kind: 'admitted', state: { ...current, pending: { ...current.pending, [attemptId]: now } }, lockedNow };
}

/** `unknown`: the check could not be made (its owner unavailable), so it counts for nothing. */
export type AttemptOutcome = 'success' | 'failure' | 'unknown';

export function settleAttempt(state: GuardState, now: number, policy: LockoutPolicy, attemptId: string, outcome: AttemptOutcome): FailureOutcome {
  const expired = expireAttempts(state, now, policy);
  // Not pending any more: it expired and was counted as a failure already.
  const wasPending = expired.state.pending?.[attemptId] !== undefined;
  const base = withoutPending(expired.state, attemptId);
  if (outcome === 'success') {
    // The password was right: earlier failures are forgotten. A lock that began while it was being
    // checked (other attempts failing) stays: only time (or an administrator) ends a lock.
    return { state: { ...base, failures: [] }, lockedNow: expired.lockedNow };
  }
  if (outcome === 'failure' && wasPending) {
    const failed = recordFailure(base, now, policy);
    return { state: failed.state, lockedNow: expired.lockedNow || failed.lockedNow };
  }
  return { state: base, lockedNow: expired.lockedNow };
}

/** Staff (or the bootstrap reset) end a lock: the lock and the counted failures go, attempts in
 * flight keep their slots (they settle as usual). */
export function releaseLock(state: GuardState, now: number): { state: GuardState; wasLocked: boolean } {
  return { state: { ...state, failures: [], lockedUntil: null }, wasLocked: lockedFor(state, now) > 0 };
}
