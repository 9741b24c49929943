// Rules of the uniqueness indexes (a customer's email and phone, a user's email): one claim per
// normalized value, owned by one account id. A claim is pending until its account's write commits,
// then confirmed. Any claim of another owner that is not a fresh pending one is checked against the
// owner's current document: if the owner no longer holds the value (a crash between claim and
// write, a changed email, a deleted account whose release was lost), the value is free again. So no
// failure between the steps ever blocks a value for good.
import { createHash } from 'node:crypto';

export interface IndexClaim {
  ownerId: string;
  status: 'pending' | 'confirmed';
  claimedAt: string;
}

export type ClaimDecision =
  | { kind: 'granted' }
  | { kind: 'already_owned' }
  | { kind: 'taken'; ownerId: string }
  /** Ask the store whether `ownerId` still holds the value before granting or refusing. */
  | { kind: 'check_owner'; ownerId: string };

export function decideClaim(current: IndexClaim | undefined, requesterId: string, now: Date, pendingTimeoutMs: number): ClaimDecision {
  if (!current) return { kind: 'granted' };
  if (current.ownerId === requesterId) return { kind: 'already_owned' };
  // A fresh pending claim belongs to a write that may still be in flight.
  const age = now.getTime() - Date.parse(current.claimedAt);
  if (current.status === 'pending' && age <= pendingTimeoutMs) return { kind: 'taken', ownerId: current.ownerId };
  return { kind: 'check_owner', ownerId: current.ownerId };
}

/** Index actor ids are a hash of the normalized value: no PII in actor ids or URLs. */
export const indexActorId = (value: string): string => createHash('sha256').update(value).digest('hex');
