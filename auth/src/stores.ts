/** Dapr component names of this app (components/auth-*.yaml). */
export const STORES = {
  /** Outbox-enabled: session documents and login locks, written with their events. */
  records: 'auth-store',
  /** actorStateStore: per-subject session lists, login failure counters, the signing key ring. */
  actors: 'auth-actor-store',
} as const;

export const sessionKey = (sessionId: string): string => `session:${sessionId}`;
export const lockKey = (guardId: string): string => `login-lock:${guardId}`;
