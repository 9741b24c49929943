// When to start a dead child again: exponential backoff like Kubernetes' CrashLoopBackOff, so a
// process that dies at once is not restarted in a hot loop, and one that ran for a while is treated
// as healthy again (its next crash waits only the first delay).

export interface RestartPolicy {
  /** Wait before the first restart after a crash. */
  initialDelayMs: number;
  /** The longest wait between restarts. */
  maxDelayMs: number;
  /** A child that ran at least this long before dying counts as a first crash again. */
  stableAfterMs: number;
}

/** The wait before the restart that follows the `consecutiveFailures`-th crash in a row (1 = first). */
export function nextRestartDelayMs(policy: RestartPolicy, consecutiveFailures: number): number {
  const doublings = Math.max(0, Math.min(consecutiveFailures - 1, 30));
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** doublings);
}
