// Routes for other apps of the platform only. Dapr access control (components/configuration)
// lets app-id `auth` alone call them; the app-token guard keeps everyone else off the app port.
import { Router } from 'express';
import { assertValid, DUMMY_PASSWORD_HASH, type DaprClient, type PasswordHasher } from '@idp/common';
import { requestSchemaId, type VerifyCredentialsRequest, type VerifyCredentialsResponse } from '@idp/proto';
import { customerKey, type CustomerAggregate } from '../domain/customer.js';
import { normalizeEmail } from '../domain/normalize.js';
import type { CustomerActors } from '../clients/actors.js';
import { STORES } from '../stores.js';

export function internalRouter(actors: CustomerActors, dapr: DaprClient, hasher: PasswordHasher): Router {
  const router = Router();

  router.post('/internal/credentials/verify', async (req, res, next) => {
    try {
      const request = assertValid<VerifyCredentialsRequest>(requestSchemaId('credentials.verify'), req.body);
      const email = normalizeEmail(request.email);
      const ownerId = await actors.owner('email', email);
      const item = ownerId ? await dapr.getState<CustomerAggregate>(STORES.aggregates, customerKey(ownerId)) : undefined;
      // Always run one hash comparison so an unknown email costs the same time as a wrong password.
      const matches = await hasher.verify(request.password, item?.value.credentials.passwordHash ?? DUMMY_PASSWORD_HASH);
      const valid = Boolean(item) && matches && item!.value.customer.email === email && (request.userType ?? 'customer') === 'customer';
      const body: VerifyCredentialsResponse = valid ? { valid, subjectId: item!.value.customer.id, status: item!.value.customer.status } : { valid: false };
      res.json(body);
    } catch (error) {
      next(error);
    }
  });

  return router;
}
