// Rules of the email uniqueness index: one claim per normalized email, owned by one customer id.
// A claim is pending until its customer is written, then confirmed. A pending claim older than the
// timeout whose customer never appeared can be taken over, so a crash between claim and write never
// blocks an email for good.

export interface EmailClaim {
  ownerId: string;
  status: 'pending' | 'confirmed';
  claimedAt: string;
}

export type ClaimDecision =
  | { kind: 'granted' }
  | { kind: 'already_owned' }
  | { kind: 'taken'; ownerId: string }
  | { kind: 'check_stale'; ownerId: string };

export function decideClaim(current: EmailClaim | undefined, requesterId: string, now: Date, pendingTimeoutMs: number): ClaimDecision {
  if (!current) return { kind: 'granted' };
  if (current.ownerId === requesterId) return { kind: 'already_owned' };
  if (current.status === 'confirmed') return { kind: 'taken', ownerId: current.ownerId };
  const age = now.getTime() - Date.parse(current.claimedAt);
  return age > pendingTimeoutMs ? { kind: 'check_stale', ownerId: current.ownerId } : { kind: 'taken', ownerId: current.ownerId };
}
