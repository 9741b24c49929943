// The events a session produces, built from its record (pure; schemas in proto/schemas/events).
import type { SessionCreatedEvent, SessionRevokedEvent, UserAuthenticatedEvent } from '@idp/proto';
import type { SessionRecord } from './session.js';

const iso = (ms: number): string => new Date(ms).toISOString();

export function sessionCreatedEvent(session: SessionRecord, now: number): SessionCreatedEvent {
  return {
    sessionId: session.sessionId,
    subjectId: session.subjectId,
    userType: session.userType,
    deviceId: session.deviceId,
    createdAt: iso(session.createdAt),
    expiresAt: iso(session.expiresAt),
    occurredAt: iso(now),
  };
}

/** `exp` lets gateways keep the sid in a denylist only as long as its tokens could live. */
export function sessionRevokedEvent(session: SessionRecord, now: number): SessionRevokedEvent {
  return {
    sid: session.sessionId,
    subjectId: session.subjectId,
    userType: session.userType,
    reason: session.revokeReason ?? 'admin_revoked',
    exp: Math.ceil(session.expiresAt / 1000),
    revokedAt: iso(session.revokedAt ?? now),
    occurredAt: iso(now),
  };
}

export function userAuthenticatedEvent(session: SessionRecord, now: number): UserAuthenticatedEvent {
  return {
    subjectId: session.subjectId,
    userType: session.userType,
    sessionId: session.sessionId,
    deviceId: session.deviceId,
    authenticatedAt: iso(session.createdAt),
    occurredAt: iso(now),
  };
}
