// Login throttling per login identity (user type + normalized email): failures within a sliding
// window are counted; reaching the limit locks the identity for a while. While locked, credentials
// are not even checked. A success resets the count. The lock ends by itself at `lockedUntil`.

export interface LockoutPolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export interface GuardState {
  /** Epoch ms of recent failures inside the window. */
  failures: number[];
  lockedUntil: number | null;
}

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
  if (failures.length >= policy.maxFailures) return { state: { failures: [], lockedUntil: now + policy.lockMs }, lockedNow: true };
  return { state: { failures, lockedUntil: null }, lockedNow: false };
}

export const recordSuccess = (): GuardState => emptyGuard();
