// Registration: claim the email on its index actor (race-free uniqueness), let the customer's actor
// write the aggregate and its event in one outbox transaction, then confirm the claim. A failed write
// releases the claim; a crash before confirm leaves a pending claim that the index resolves later.
import { randomUUID } from 'node:crypto';
import { AppError, unwrap, type Logger, type PasswordHasher } from '@idp/common';
import { ERROR_CODES, type RegisterCustomerRequest } from '@idp/proto';
import type { CustomerView } from './domain/customer.js';
import type { CustomerActors } from './clients/actors.js';

export async function registerCustomer(actors: CustomerActors, hasher: PasswordHasher, logger: Logger, request: RegisterCustomerRequest): Promise<CustomerView> {
  const id = randomUUID();
  const passwordHash = await hasher.hash(request.password);
  const claim = await actors.claimEmail(request.email, id);
  if (!claim.claimed) throw new AppError('conflict', ERROR_CODES.emailTaken, 'An account with this email already exists.');

  let view: CustomerView;
  try {
    view = unwrap(
      await actors.createCustomer(id, {
        email: request.email,
        passwordHash,
        firstName: request.firstName,
        lastName: request.lastName,
        phone: request.phone ?? null,
        ...(request.customerType ? { customerType: request.customerType } : {}),
      }),
    );
  } catch (error) {
    await actors.releaseEmail(request.email, id).catch((releaseError: unknown) => {
      logger.warn('could not release email claim; it becomes reclaimable after the pending timeout', { customerId: id, error: String(releaseError) });
    });
    throw error;
  }
  await actors.confirmEmail(request.email, id).catch((confirmError: unknown) => {
    logger.warn('could not confirm email claim; the index confirms it on the next claim attempt', { customerId: id, error: String(confirmError) });
  });
  logger.info('customer registered', { customerId: id });
  return view;
}
