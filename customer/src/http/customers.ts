import { Router } from 'express';
import { AppError, assertValid, asyncHandler, principalOf, requireAuth, type DaprClient, type Logger, type PasswordHasher, type TokenVerifier } from '@idp/common';
import { ERROR_CODES, requestSchemaId, type RegisterCustomerRequest } from '@idp/proto';
import { customerKey, toView, type CustomerAggregate } from '../domain/customer.js';
import { normalizeRegistration } from '../domain/normalize.js';
import { registerCustomer } from '../registration.js';
import type { CustomerActors } from '../clients/actors.js';
import { STORES } from '../stores.js';

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function customersRouter(actors: CustomerActors, dapr: DaprClient, hasher: PasswordHasher, logger: Logger, verifier: TokenVerifier): Router {
  const router = Router();
  const notFound = () => new AppError('not_found', ERROR_CODES.customerNotFound, 'No customer with this id.');

  async function readCustomer(id: string): Promise<CustomerAggregate> {
    if (!ID_PATTERN.test(id)) throw notFound();
    // Reads go straight to the store: the actor is the only writer, reads need no turn.
    const item = await dapr.getState<CustomerAggregate>(STORES.aggregates, customerKey(id));
    if (!item || item.value.customer.status === 'deleted') throw notFound();
    return item.value;
  }

  // The signed-in customer's own record (declared before /:id so "me" is not taken for an id).
  router.get(
    '/v1/customers/me',
    requireAuth(verifier),
    asyncHandler(async (_req, res) => {
      const principal = principalOf(res);
      if (principal.userType !== 'customer') throw new AppError('forbidden', ERROR_CODES.forbidden, 'Only customers have a customer record.');
      res.json(toView(await readCustomer(principal.subjectId)));
    }),
  );

  router.post(
    '/v1/customers',
    asyncHandler(async (req, res) => {
      const request = assertValid<RegisterCustomerRequest>(requestSchemaId('customer.register'), normalizeRegistration(req.body));
      const view = await registerCustomer(actors, hasher, logger, request);
      res.status(201).location(`/v1/customers/${view.id}`).json(view);
    }),
  );

  router.get(
    '/v1/customers/:id',
    asyncHandler(async (req, res) => {
      res.json(toView(await readCustomer(String(req.params.id))));
    }),
  );

  return router;
}
