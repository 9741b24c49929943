import type { CustomerType, RevokeReason, UserType } from './enums.js';
import type { PerformedBy } from './events.js';

export interface RegisterCustomerRequest {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  phone?: string;
  customerType?: CustomerType;
}

export interface VerifyCredentialsRequest {
  email: string;
  password: string;
  /** The user type auth logs in as; the owning app may check it matches the account. */
  userType?: UserType;
}

export interface VerifyCredentialsResponse {
  valid: boolean;
  subjectId?: string;
  status?: string;
  /** Permissions granted to the identity (admins and shippers); customers have none. */
  permissions?: string[];
  /** A customer pending erasure: when it runs, and the status the account had before it was asked. */
  erasure?: { scheduledFor: string; statusBefore: string };
}

export interface LoginRequest {
  userType: UserType;
  email: string;
  password: string;
  deviceId?: string;
}

export interface TokenResponse {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  sessionId: string;
  /** Login only, for a customer pending erasure: when it runs (cancel it with DELETE
   * /v1/customers/{id}/erasure). */
  erasureScheduledFor?: string;
}

export interface RefreshRequest {
  refreshToken: string;
  deviceId?: string;
}

export interface IntrospectRequest {
  token: string;
}

/** RFC 7662 style; only `active` is present when the token is not active. */
export interface IntrospectionResponse {
  active: boolean;
  sub?: string;
  sid?: string;
  userType?: UserType;
  exp?: number;
  iat?: number;
  iss?: string;
  aud?: string;
  jti?: string;
  permissions?: string[];
}

/** Internal: a password check outside login spends the identity's login budget (auth's LoginGuard). */
export interface AttemptAdmitRequest {
  userType: UserType;
  email: string;
}

export interface AttemptSettleRequest extends AttemptAdmitRequest {
  attemptId: string;
  outcome: 'success' | 'failure' | 'unknown';
  subjectId: string | null;
}

export interface LockReleaseRequest extends AttemptAdmitRequest {
  subjectId: string;
  performedBy: PerformedBy;
}

export interface RevokeSubjectRequest {
  userType: UserType;
  subjectId: string;
  reason: RevokeReason;
  /** Keep this session (the one the change was made in). */
  exceptSessionId?: string;
}
