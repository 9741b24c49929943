// The per-subject session limit. The subject's actor applies it in one turn, so parallel logins
// cannot overshoot: with `evict-oldest` the oldest sessions make room, with `reject` the login fails.

export type SessionLimitPolicy = 'evict-oldest' | 'reject';

export interface SessionEntry {
  sessionId: string;
  createdAt: number;
}

export type Admission = { admitted: true; keep: SessionEntry[]; evict: SessionEntry[] } | { admitted: false };

/** `active` must already be pruned of sessions that ended. */
export function admit(active: SessionEntry[], incoming: SessionEntry, limit: number, policy: SessionLimitPolicy): Admission {
  const ordered = [...active].sort((a, b) => a.createdAt - b.createdAt);
  const overflow = ordered.length + 1 - limit;
  if (overflow <= 0) return { admitted: true, keep: [...ordered, incoming], evict: [] };
  if (policy === 'reject') return { admitted: false };
  return { admitted: true, keep: [...ordered.slice(overflow), incoming], evict: ordered.slice(0, overflow) };
}
