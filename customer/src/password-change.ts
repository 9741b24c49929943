// A customer's password: changed by the customer with the current one (checked within the login
// budget, shared with login, so a stolen session is no unlimited oracle), or reset with a token staff
// issued (single use, expiring; only its hash is kept) — staff never change it by knowing the old
// one. Either way the actor swaps the hash only if it is still the one checked, then sessions are
// revoked in auth (the event carries the session to keep, so auth's safety net does the same if the
// call is lost).
import { AppError, invalidResetToken, newResetToken, parseResetToken, unwrap, type Logger, type PasswordHasher } from '@idp/common';
import { ERROR_CODES, type PerformedBy } from '@idp/proto';
import type { CustomerActors } from './clients/actors.js';
import type { AuthClient } from './clients/auth.js';
import type { CustomerReader } from './reads.js';

export interface PasswordDeps {
  actors: CustomerActors;
  reader: CustomerReader;
  hasher: PasswordHasher;
  auth: AuthClient;
  logger: Logger;
}

export async function changeCustomerPassword(
  deps: PasswordDeps,
  customerId: string,
  request: { currentPassword: string; newPassword: string },
  keepSessionId: string | null,
  performedBy: PerformedBy,
): Promise<void> {
  const { customer, credentials } = await deps.reader.live(customerId);
  const current = credentials.passwordHash;
  if (!(await deps.auth.checkPassword(customer.email, customerId, () => deps.hasher.verify(request.currentPassword, current)))) {
    throw new AppError('invalid', ERROR_CODES.invalidCredentials, 'The current password is not correct.', {
      errors: [{ pointer: '/currentPassword', detail: 'is not correct' }],
    });
  }
  const passwordHash = await deps.hasher.hash(request.newPassword);
  unwrap(await deps.actors.changePassword(customerId, { passwordHash, expectedHash: current, keepSessionId, performedBy }));
  await deps.auth.revokeCustomerSessions(customerId, 'password_changed', keepSessionId ?? undefined);
  deps.logger.info('customer password changed', { customerId });
}

/** The token goes back to the staff member who asked (to hand over out of band); only its hash is kept. */
export async function issueCustomerPasswordReset(deps: PasswordDeps, customerId: string, performedBy: PerformedBy): Promise<{ token: string; expiresAt: string }> {
  const { token, tokenHash } = newResetToken(customerId);
  const { expiresAt } = unwrap(await deps.actors.issuePasswordReset(customerId, { tokenHash, performedBy }));
  deps.logger.info('customer password reset issued', { customerId, by: performedBy.id });
  return { token, expiresAt };
}

/** Public: the token is the credential. It is checked before the new password is hashed, so a flood
 * of made-up tokens costs no hashing; every session ends and the login lock with it. */
export async function resetCustomerPassword(deps: PasswordDeps, token: string, newPassword: string): Promise<void> {
  const parsed = parseResetToken(token);
  if (!parsed || !(await deps.actors.checkPasswordReset(parsed.userId, parsed.secret)).valid) throw invalidResetToken('support');
  const passwordHash = await deps.hasher.hash(newPassword);
  const { email } = unwrap(await deps.actors.resetPassword(parsed.userId, { secret: parsed.secret, passwordHash }));
  await deps.auth.revokeCustomerSessions(parsed.userId, 'password_changed');
  // The holder of a staff-issued token proved who they are to staff: failures before it are forgiven.
  await deps.auth.releaseLock(email, parsed.userId, { kind: 'system', id: 'password-reset' }).catch((error: unknown) => {
    deps.logger.warn('login lock not released after a password reset', { customerId: parsed.userId, error: String(error) });
  });
  deps.logger.info('customer password reset', { customerId: parsed.userId });
}

/** Staff end a customer's login lock (and forget recent failures); auth publishes account.unlocked. */
export async function unlockCustomer(deps: PasswordDeps, customerId: string, performedBy: PerformedBy): Promise<{ wasLocked: boolean }> {
  const { customer } = await deps.reader.live(customerId);
  return deps.auth.releaseLock(customer.email, customerId, performedBy);
}
