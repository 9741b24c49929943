// Auth holds no profile data: it asks the app that owns the identity to check a password, through
// Dapr service invocation (customer for customers, user for admins and shippers). Dapr access control
// on those apps admits auth alone to these routes.
import { AppError, retryAfterMs, type DaprClient } from '@idp/common';
import { ERROR_CODES, type UserType, type VerifyCredentialsResponse } from '@idp/proto';
import { passwordChecksTotal } from '../metrics.js';

export const CREDENTIAL_OWNERS: Record<UserType, string> = { customer: 'customer', admin: 'user', shipper: 'user' };

export interface VerifiedIdentity {
  subjectId: string;
  status: string;
  permissions: string[];
  erasure?: { scheduledFor: string; statusBefore: string };
}

/** A password check may wait behind the owner's hash pool, which answers 503 once the wait it
 * expects passes PASSWORD_SIGN_IN_MAX_WAIT_SECONDS (20 s); this leaves it room to say so. */
const VERIFY_TIMEOUT_MS = 25_000;

export class CredentialsClient {
  constructor(private readonly dapr: DaprClient) {}

  /** The identity when the password is right; null when it is not (or the identity is unknown). */
  async verify(userType: UserType, email: string, password: string): Promise<VerifiedIdentity | null> {
    const res = await this.dapr.invoke(CREDENTIAL_OWNERS[userType], 'internal/credentials/verify', 'POST', { email, password, userType }, VERIFY_TIMEOUT_MS).catch((error: unknown) => {
      passwordChecksTotal.inc({ user_type: userType, result: 'unavailable' });
      throw error;
    });
    if (!res.ok) {
      passwordChecksTotal.inc({ user_type: userType, result: 'unavailable' });
      await res.arrayBuffer();
      // The owner's own Retry-After (its hash pool's expected wait) when it gave one.
      const retryAfter = Number(res.headers.get('retry-after')) || 5;
      throw new AppError('unavailable', ERROR_CODES.dependencyUnavailable, 'Credentials cannot be checked right now. Retry later.', retryAfterMs(Math.min(Math.max(retryAfter, 1), 60) * 1000));
    }
    const body = (await res.json()) as VerifyCredentialsResponse & { permissions?: string[] };
    const valid = Boolean(body.valid && body.subjectId);
    passwordChecksTotal.inc({ user_type: userType, result: valid ? 'valid' : 'invalid' });
    if (!valid) return null;
    return { subjectId: body.subjectId!, status: body.status ?? 'active', permissions: body.permissions ?? [], ...(body.erasure ? { erasure: body.erasure } : {}) };
  }
}
