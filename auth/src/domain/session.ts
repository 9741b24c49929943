// A session and its refresh-token family. Refresh tokens are opaque: `<sessionId>.<secret>`; only a
// hash of the secret is stored. Every refresh rotates the secret; presenting a secret that was
// already rotated away means the token was copied, so the whole session is revoked (reuse detection).
// An operator may allow a grace window (REFRESH_REUSE_GRACE_SECONDS): within it, the exact duplicate
// of the last refresh (a client retry, two tabs) gets that refresh's answer again instead.
import type { RevokeReason, UserType } from '@idp/proto';

export interface SessionPolicy {
  absoluteTtlMs: number;
  idleTimeoutMs: number;
  deviceBinding: boolean;
  /** 0: any reuse of a rotated token revokes the session at once (the default). */
  reuseGraceMs: number;
}

/** The last rotation, kept only when a grace window is configured: the presented token's hash, when,
 * and that refresh's answer sealed with a key only the presented token's secret yields
 * (domain/refresh-token.ts), so the store never holds a usable token. */
export interface LastRotation {
  fromHash: string;
  at: number;
  sealedAnswer: string;
}

export interface SessionRecord {
  sessionId: string;
  subjectId: string;
  userType: UserType;
  deviceId: string | null;
  permissions: string[];
  createdAt: number;
  lastUsedAt: number;
  expiresAt: number;
  idleExpiresAt: number;
  status: 'active' | 'revoked';
  revokedAt: number | null;
  revokeReason: RevokeReason | null;
  refresh: { currentHash: string; rotatedHashes: string[]; rotations: number; last?: LastRotation };
}

/** Enough rotated hashes to recognize any realistic replay; older ones expire with the session. */
export const MAX_ROTATED_HASHES = 50;

export interface NewSession {
  sessionId: string;
  subjectId: string;
  userType: UserType;
  deviceId: string | null;
  permissions: string[];
  refreshHash: string;
}

export function openSession(input: NewSession, now: number, policy: SessionPolicy): SessionRecord {
  return {
    ...input,
    createdAt: now,
    lastUsedAt: now,
    expiresAt: now + policy.absoluteTtlMs,
    idleExpiresAt: Math.min(now + policy.idleTimeoutMs, now + policy.absoluteTtlMs),
    status: 'active',
    revokedAt: null,
    revokeReason: null,
    refresh: { currentHash: input.refreshHash, rotatedHashes: [], rotations: 0 },
  };
}

export type Inactivity = 'revoked' | 'expired' | 'idle_timeout';

export function inactivity(session: SessionRecord, now: number): Inactivity | null {
  if (session.status === 'revoked') return 'revoked';
  if (now >= session.expiresAt) return 'expired';
  if (now >= session.idleExpiresAt) return 'idle_timeout';
  return null;
}

export const isActive = (session: SessionRecord, now: number): boolean => inactivity(session, now) === null;

/** Ended sessions stay a day past their lifetime before the store's TTL drops them anyway. */
const TTL_MARGIN_SECONDS = 24 * 3600;

/** The store TTL of a session document written at `now`. */
export const sessionTtlSeconds = (session: SessionRecord, now: number): number => Math.ceil((session.expiresAt - now) / 1000) + TTL_MARGIN_SECONDS;

export function revokeSession(session: SessionRecord, reason: RevokeReason, now: number): SessionRecord {
  if (session.status === 'revoked') return session;
  return { ...session, status: 'revoked', revokedAt: now, revokeReason: reason };
}

export type RefreshOutcome =
  | { kind: 'rotated'; session: SessionRecord }
  | { kind: 'reuse'; session: SessionRecord }
  | { kind: 'replay'; sealedAnswer: string }
  | { kind: 'inactive'; reason: Inactivity }
  | { kind: 'device_mismatch' }
  | { kind: 'invalid' };

export function refreshSession(
  session: SessionRecord,
  presentedHash: string,
  nextHash: string,
  deviceId: string | null,
  now: number,
  policy: SessionPolicy,
): RefreshOutcome {
  const inactive = inactivity(session, now);
  if (inactive) return { kind: 'inactive', reason: inactive };
  const last = session.refresh.last;
  if (last && last.fromHash === presentedHash && now - last.at <= policy.reuseGraceMs && !deviceMismatch(session, deviceId, policy)) {
    return { kind: 'replay', sealedAnswer: last.sealedAnswer };
  }
  if (session.refresh.rotatedHashes.includes(presentedHash)) return { kind: 'reuse', session: revokeSession(session, 'refresh_reuse', now) };
  if (presentedHash !== session.refresh.currentHash) return { kind: 'invalid' };
  if (deviceMismatch(session, deviceId, policy)) return { kind: 'device_mismatch' };
  return {
    kind: 'rotated',
    session: {
      ...session,
      lastUsedAt: now,
      idleExpiresAt: Math.min(now + policy.idleTimeoutMs, session.expiresAt),
      // A new rotation drops the previous one's kept answer: only the last refresh can be repeated.
      refresh: {
        currentHash: nextHash,
        rotatedHashes: [...session.refresh.rotatedHashes, presentedHash].slice(-MAX_ROTATED_HASHES),
        rotations: session.refresh.rotations + 1,
      },
    },
  };
}

const deviceMismatch = (session: SessionRecord, deviceId: string | null, policy: SessionPolicy): boolean => policy.deviceBinding && session.deviceId !== deviceId;

/** A rotation with its answer kept for the grace window (a no-op without one). */
export function withLastRotation(session: SessionRecord, fromHash: string, at: number, sealedAnswer: string, policy: SessionPolicy): SessionRecord {
  if (policy.reuseGraceMs <= 0) return session;
  return { ...session, refresh: { ...session.refresh, last: { fromHash, at, sealedAnswer } } };
}
