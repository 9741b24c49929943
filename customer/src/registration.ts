// Registration: claim the email (and phone) on their index actors (race-free uniqueness), let the
// customer's actor write the aggregate and its event in one outbox transaction, then confirm the
// claims. A failed write releases them; a crash before confirm leaves pending claims that the
// indexes resolve later by checking the owner's document.
import { randomUUID } from 'node:crypto';
import { unwrap, type Logger, type PasswordHasher } from '@idp/common';
import type { RegisterCustomerRequest } from '@idp/proto';
import type { CustomerView } from './domain/customer.js';
import type { CustomerActors } from './clients/actors.js';
import { indexValues, type IndexClaims } from './claims.js';

export async function registerCustomer(actors: CustomerActors, claims: IndexClaims, hasher: PasswordHasher, logger: Logger, request: RegisterCustomerRequest): Promise<CustomerView> {
  const id = randomUUID();
  const passwordHash = await hasher.hash(request.password);
  const values = indexValues(request.email, request.phone);
  await claims.claimAll(values, id);

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
    await claims.releaseAll(values, id);
    throw error;
  }
  await claims.confirmAll(values, id);
  logger.info('customer registered', { customerId: id });
  return view;
}
