// The staff account aggregate: one document per user (profile, roles, status, credentials), written
// with its event in one outbox transaction. Pure.
import type { PasswordReset } from '@idp/common';
import type { Role, StaffUserType, UserCreatedEvent, UserStatus } from '@idp/proto';
import { permissionsFor } from './roles.js';

export interface UserRecord {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userType: StaffUserType;
  roles: Role[];
  status: UserStatus;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  statusBeforeDeletion?: UserStatus;
}


export interface UserAggregate {
  version: number;
  user: UserRecord;
  credentials: { passwordHash: string; passwordChangedAt: string };
  passwordReset?: PasswordReset;
}

export interface NewUser {
  id: string;
  email: string;
  passwordHash: string;
  firstName: string;
  lastName: string;
  userType: StaffUserType;
  roles: Role[];
}

export interface UserView {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userType: StaffUserType;
  roles: Role[];
  permissions: string[];
  status: UserStatus;
  createdAt: string;
  updatedAt: string;
}

export const userKey = (id: string): string => `user:${id}`;

export function newUserAggregate(input: NewUser, now: Date): UserAggregate {
  const at = now.toISOString();
  return {
    version: 1,
    user: {
      id: input.id,
      email: input.email,
      firstName: input.firstName,
      lastName: input.lastName,
      userType: input.userType,
      roles: [...input.roles],
      status: 'active',
      createdAt: at,
      updatedAt: at,
      deletedAt: null,
    },
    credentials: { passwordHash: input.passwordHash, passwordChangedAt: at },
  };
}

export function toView({ user }: UserAggregate): UserView {
  return {
    id: user.id,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    userType: user.userType,
    roles: user.roles,
    permissions: permissionsFor(user.roles),
    status: user.status,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

export function userCreatedEvent(aggregate: UserAggregate, now: Date): UserCreatedEvent {
  const view = toView(aggregate);
  return {
    userId: view.id,
    userType: view.userType,
    email: view.email,
    firstName: view.firstName,
    lastName: view.lastName,
    roles: view.roles,
    permissions: view.permissions,
    status: view.status,
    createdAt: view.createdAt,
    occurredAt: now.toISOString(),
  };
}

/** The email a user's index claim should point at; a deleted user holds none. */
export const indexedEmail = (aggregate: UserAggregate): string | null => (aggregate.user.status === 'deleted' ? null : aggregate.user.email);
