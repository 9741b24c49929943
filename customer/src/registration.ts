// Registration: claim the email (and phone) on their index actors (race-free uniqueness), hash the
// password, let the customer's actor write the aggregate and its event in one outbox transaction,
// then confirm the claims. A write that failed releases them, unless the document turns out to be
// stored after all (then the registration succeeded); a crash before confirm, or a failure whose
// outcome cannot be read, leaves pending claims that the indexes resolve by checking the owner's document.
import { createHash, randomUUID } from 'node:crypto';
import { isAppError, unwrap, type Logger, type PasswordHasher } from '@idp/common';
import type { RegisterCustomerRequest } from '@idp/proto';
import { toView, type CustomerView } from './domain/customer.js';
import type { CustomerReader } from './reads.js';
import type { CustomerActors } from './clients/actors.js';
import { indexValues, type IndexClaims } from './claims.js';

/** With an Idempotency-Key the id is derived from the key and the request's credentials, so a retry
 * of the same request (by the client, or by a sidecar after a timeout) lands on the same customer:
 * its claims are already its own and its actor answers with the record it wrote. Without the
 * password in the derivation, anyone holding a key and an email could read that customer back. */
export function registrationId(request: RegisterCustomerRequest, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return randomUUID();
  const digest = createHash('sha256').update(`${idempotencyKey}\0${request.email}\0${request.password}`).digest('hex');
  return `${digest.slice(0, 8)}-${digest.slice(8, 12)}-4${digest.slice(13, 16)}-8${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
}

export async function registerCustomer(
  actors: CustomerActors,
  reader: CustomerReader,
  claims: IndexClaims,
  hasher: PasswordHasher,
  logger: Logger,
  request: RegisterCustomerRequest,
  idempotencyKey?: string,
): Promise<CustomerView> {
  const id = registrationId(request, idempotencyKey);
  const values = indexValues(request.email, request.phone);
  // The cheap, refusing step first: a taken email costs no hash (a flood of them cannot queue hashes).
  await claims.claimAll(values, id);

  let view: CustomerView;
  try {
    const passwordHash = await hasher.hash(request.password);
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
    // A refusal (4xx) is an answer: nothing of this attempt was written.
    if (isAppError(error) && error.status < 500) {
      await claims.releaseAll(values, id);
      throw error;
    }
    // The write may have committed although it reported a failure (its answer lost with the store
    // going down mid-commit): then the customer exists, and a 503 would send the client's retry
    // into 409 for its own account. The id is this registration's alone, so its document is proof.
    const stored = await reader.any(id).then(
      (aggregate) => ({ known: true as const, aggregate }),
      () => ({ known: false as const }),
    );
    if (stored.known && stored.aggregate) {
      logger.warn('registration committed although its write reported a failure', { customerId: id, error: String(error) });
      view = toView(stored.aggregate);
    } else {
      // Nothing stored: free the email at once. Unknown (the store cannot be read either): the
      // claims stay pending, and the index checks the owner's document before anyone takes them.
      if (stored.known) await claims.releaseAll(values, id);
      else logger.warn('registration failed and its outcome cannot be read; its claims stay pending', { customerId: id, error: String(error) });
      throw error;
    }
  }
  await claims.confirmAll(values, id);
  logger.info('customer registered', { customerId: id });
  return view;
}
