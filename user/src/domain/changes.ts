// Every change to a staff account, each returning the next document and the event that describes it
// (written together through the outbox). Pure: the actor supplies time and hashes.
import type { Role, UserDeletedEvent, UserPasswordChangedEvent, UserPasswordResetIssuedEvent, UserStatus, UserStatusChangedEvent, UserUpdatedEvent } from '@idp/proto';
import { permissionsFor } from './roles.js';
import type { UserAggregate } from './user.js';

export interface UserChanges {
  email?: string;
  firstName?: string;
  lastName?: string;
  roles?: Role[];
}

const sameRoles = (a: readonly Role[], b: readonly Role[]): boolean => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/** Only the fields whose value differs; empty means nothing to write. */
export function effectiveChanges({ user }: UserAggregate, requested: UserChanges): UserChanges {
  const changes: UserChanges = {};
  if (requested.email !== undefined && requested.email !== user.email) changes.email = requested.email;
  if (requested.firstName !== undefined && requested.firstName !== user.firstName) changes.firstName = requested.firstName;
  if (requested.lastName !== undefined && requested.lastName !== user.lastName) changes.lastName = requested.lastName;
  if (requested.roles !== undefined && !sameRoles(requested.roles, user.roles)) changes.roles = [...requested.roles];
  return changes;
}

const bumped = (aggregate: UserAggregate, at: string, user: Partial<UserAggregate['user']> = {}): UserAggregate => ({
  ...aggregate,
  version: aggregate.version + 1,
  user: { ...aggregate.user, ...user, updatedAt: at },
});

/** Role changes carry the resulting permissions too: auth tells permission caches to refresh. */
export function withChanges(aggregate: UserAggregate, changes: UserChanges, now: Date): { next: UserAggregate; event: UserUpdatedEvent } {
  const at = now.toISOString();
  const next = bumped(aggregate, at, changes);
  const eventChanges: UserUpdatedEvent['changes'] = { ...changes, ...(changes.roles ? { permissions: permissionsFor(changes.roles) } : {}) };
  return { next, event: { userId: aggregate.user.id, userType: aggregate.user.userType, changes: eventChanges, occurredAt: at } };
}

export function withStatus(aggregate: UserAggregate, status: UserStatus, now: Date): { next: UserAggregate; event: UserStatusChangedEvent } {
  const at = now.toISOString();
  const { user } = aggregate;
  return {
    next: bumped(aggregate, at, { status }),
    event: { userId: user.id, userType: user.userType, previousStatus: user.status, status, changedAt: at, occurredAt: at },
  };
}

/** The account stays for audit; its email is free again and any reset token dies with it. */
export function softDeleted(aggregate: UserAggregate, now: Date): { next: UserAggregate; event: UserDeletedEvent } {
  const at = now.toISOString();
  const { user } = aggregate;
  const { passwordReset: _dropped, ...rest } = aggregate;
  return {
    next: bumped(rest, at, { status: 'deleted', deletedAt: at, statusBeforeDeletion: user.status }),
    event: { userId: user.id, userType: user.userType, deletedAt: at, occurredAt: at },
  };
}

/** A new password (by the user, or through a reset token, which it uses up). */
export function withPassword(
  aggregate: UserAggregate,
  passwordHash: string,
  method: 'change' | 'reset',
  keepSessionId: string | null,
  now: Date,
): { next: UserAggregate; event: UserPasswordChangedEvent } {
  const at = now.toISOString();
  const { passwordReset: _used, ...rest } = aggregate;
  return {
    next: { ...rest, version: aggregate.version + 1, credentials: { passwordHash, passwordChangedAt: at } },
    event: { userId: aggregate.user.id, userType: aggregate.user.userType, method, keepSessionId, changedAt: at, occurredAt: at },
  };
}

export function withPasswordReset(
  aggregate: UserAggregate,
  tokenHash: string,
  ttlMs: number,
  issuedBy: string,
  now: Date,
): { next: UserAggregate; event: UserPasswordResetIssuedEvent } {
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  return {
    next: { ...aggregate, version: aggregate.version + 1, passwordReset: { tokenHash, expiresAt, issuedBy } },
    event: { userId: aggregate.user.id, userType: aggregate.user.userType, expiresAt, occurredAt: at },
  };
}
