// Password change by the customer: the current password is checked against the stored hash, the
// actor swaps the hash only if it is still that one, then every other session is revoked in auth
// (the event carries the session to keep, so auth's safety net does the same if the call is lost).
import { AppError, unwrap, type Logger, type PasswordHasher } from '@idp/common';
import { ERROR_CODES, type PerformedBy } from '@idp/proto';
import type { CustomerActors } from './clients/actors.js';
import type { AuthClient } from './clients/auth.js';
import type { CustomerReader } from './reads.js';

export async function changeCustomerPassword(
  deps: { actors: CustomerActors; reader: CustomerReader; hasher: PasswordHasher; auth: AuthClient; logger: Logger },
  customerId: string,
  request: { currentPassword: string; newPassword: string },
  keepSessionId: string | null,
  performedBy: PerformedBy,
): Promise<void> {
  const current = (await deps.reader.live(customerId)).credentials.passwordHash;
  if (!(await deps.hasher.verify(request.currentPassword, current))) {
    throw new AppError('invalid', ERROR_CODES.invalidCredentials, 'The current password is not correct.', {
      errors: [{ pointer: '/currentPassword', detail: 'is not correct' }],
    });
  }
  const passwordHash = await deps.hasher.hash(request.newPassword);
  unwrap(await deps.actors.changePassword(customerId, { passwordHash, expectedHash: current, keepSessionId, performedBy }));
  await deps.auth.revokeCustomerSessions(customerId, 'password_changed', keepSessionId ?? undefined);
  deps.logger.info('customer password changed', { customerId });
}
