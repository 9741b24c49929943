// What one customer may spend on verification per channel over a rolling window, whatever the
// destination: codes sent and wrong codes tried. The per-code cooldown and attempt count end with
// the code, and changing the email or phone drops the code; this budget does not, so alternating two
// numbers neither sends unlimited codes (SMS toll fraud, mail bombing) nor grants unlimited guesses.
// Pure: the actor keeps the usage in its state (no event: nothing a subscriber needs).
import type { VerificationChannel } from '@idp/proto';

export interface VerificationBudgetPolicy {
  windowMs: number;
  maxSends: number;
  maxWrongCodes: number;
}

/** Epoch ms of each use inside the window. */
export interface ChannelUsage {
  sends: number[];
  wrongCodes: number[];
}

export type VerificationUsage = Partial<Record<VerificationChannel, ChannelUsage>>;

export type BudgetKind = keyof ChannelUsage;

const limitOf = (kind: BudgetKind, policy: VerificationBudgetPolicy): number => (kind === 'sends' ? policy.maxSends : policy.maxWrongCodes);

const recent = (uses: number[] | undefined, now: number, policy: VerificationBudgetPolicy): number[] => (uses ?? []).filter((at) => now - at < policy.windowMs);

export type BudgetCheck = { allowed: true } | { allowed: false; retryAfterMs: number };

export function checkBudget(usage: VerificationUsage, channel: VerificationChannel, kind: BudgetKind, now: number, policy: VerificationBudgetPolicy): BudgetCheck {
  const uses = recent(usage[channel]?.[kind], now, policy);
  if (uses.length < limitOf(kind, policy)) return { allowed: true };
  // The oldest use inside the window frees the next slot when it leaves it.
  return { allowed: false, retryAfterMs: Math.max(1, Math.min(...uses) + policy.windowMs - now) };
}

export function recordUse(usage: VerificationUsage, channel: VerificationChannel, kind: BudgetKind, now: number, policy: VerificationBudgetPolicy): VerificationUsage {
  const current = usage[channel];
  const next: ChannelUsage = { sends: recent(current?.sends, now, policy), wrongCodes: recent(current?.wrongCodes, now, policy) };
  next[kind] = [...next[kind], now];
  return { ...usage, [channel]: next };
}
