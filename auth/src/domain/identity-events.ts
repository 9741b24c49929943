import { CUSTOMER_EVENTS, USER_EVENTS, type RevokeReason, type UserType } from '@idp/proto';

// What auth remembers of identity events from user and customer: a bounded log per subject and the
// ids already applied, so a redelivered CloudEvent (at-least-once delivery) has no second effect.

export interface IdentityEventRecord {
  id: string;
  type: string;
  receivedAt: string;
}

export interface IdentityEventLog {
  events: IdentityEventRecord[];
}

/** Enough to dedupe any redelivery Dapr can make, small enough to keep per subject. */
export const MAX_REMEMBERED_EVENTS = 200;

export function recordEvent(log: IdentityEventLog | undefined, event: IdentityEventRecord): { log: IdentityEventLog; duplicate: boolean } {
  const events = log?.events ?? [];
  if (events.some((e) => e.id === event.id)) return { log: { events }, duplicate: true };
  return { log: { events: [...events, event].slice(-MAX_REMEMBERED_EVENTS) }, duplicate: false };
}

/** What an identity event from user or customer means to auth: whose sessions, and whether to end them. */
export interface IdentityEffect {
  userType: UserType;
  subjectId: string;
  revokeReason: RevokeReason | null;
  /** A session the revocation spares (the one a password was changed in). */
  exceptSessionId?: string;
  /** Only sessions created before this (ms since epoch) are revoked: the event may arrive late, after
   * the subject signed in again legitimately (reactivated, or with the new password). */
  issuedBefore?: number;
}

const REVOKE_ON_STATUS: Partial<Record<string, RevokeReason>> = {
  suspended: 'subject_suspended',
  inactive: 'subject_deactivated',
  deleted: 'subject_deleted',
};

/** When the change happened, from the event's own time fields. */
function changeTime(data: Record<string, unknown>): number | undefined {
  const at = [data.changedAt, data.deletedAt, data.occurredAt].find((value): value is string => typeof value === 'string');
  const ms = at === undefined ? NaN : Date.parse(at);
  return Number.isNaN(ms) ? undefined : ms;
}

export function identityEffect(type: string, data: Record<string, unknown>): IdentityEffect | null {
  const effect = rawEffect(type, data);
  if (!effect?.revokeReason) return effect;
  const issuedBefore = changeTime(data);
  return issuedBefore === undefined ? effect : { ...effect, issuedBefore };
}

function rawEffect(type: string, data: Record<string, unknown>): IdentityEffect | null {
  switch (type) {
    case CUSTOMER_EVENTS.created:
      return { userType: 'customer', subjectId: String(data.customerId), revokeReason: null };
    case CUSTOMER_EVENTS.statusChanged:
      return { userType: 'customer', subjectId: String(data.customerId), revokeReason: REVOKE_ON_STATUS[String(data.status)] ?? null };
    case CUSTOMER_EVENTS.deleted:
      return { userType: 'customer', subjectId: String(data.customerId), revokeReason: data.reason === 'erasure' ? 'subject_erased' : 'subject_deleted' };
    case CUSTOMER_EVENTS.passwordChanged:
      return {
        userType: 'customer',
        subjectId: String(data.customerId),
        revokeReason: 'password_changed',
        ...(typeof data.keepSessionId === 'string' ? { exceptSessionId: data.keepSessionId } : {}),
      };
    case USER_EVENTS.updated: {
      // Tokens carry the permissions of sign-in: a change of roles ends the sessions opened before it.
      const changes = (data.changes ?? {}) as { roles?: unknown; permissions?: unknown };
      const permissionsChanged = changes.roles !== undefined || changes.permissions !== undefined;
      return { userType: data.userType as UserType, subjectId: String(data.userId), revokeReason: permissionsChanged ? 'permissions_changed' : null };
    }
    case USER_EVENTS.statusChanged:
      return { userType: data.userType as UserType, subjectId: String(data.userId), revokeReason: REVOKE_ON_STATUS[String(data.status)] ?? null };
    case USER_EVENTS.deleted:
      return { userType: data.userType as UserType, subjectId: String(data.userId), revokeReason: 'subject_deleted' };
    case USER_EVENTS.passwordChanged:
      return {
        userType: data.userType as UserType,
        subjectId: String(data.userId),
        revokeReason: 'password_changed',
        ...(typeof data.keepSessionId === 'string' ? { exceptSessionId: data.keepSessionId } : {}),
      };
    default:
      return null;
  }
}
