// Routes for other apps of the platform only. Dapr access control (components/configuration)
// lets app-id `auth` alone call them; the app-token guard keeps everyone else off the app port.
import { Router } from 'express';
import { assertValid, DUMMY_PASSWORD_HASH, needsRehash, rehashLater, unwrap, type Logger, type PasswordHasher } from '@idp/common';
import { requestSchemaId, type VerifyCredentialsRequest, type VerifyCredentialsResponse } from '@idp/proto';
import { normalizeEmail } from '../domain/normalize.js';
import type { CustomerActors } from '../clients/actors.js';
import type { CustomerReader } from '../reads.js';

export function internalRouter(actors: CustomerActors, reader: CustomerReader, hasher: PasswordHasher, logger: Logger): Router {
  const router = Router();

  router.post('/internal/credentials/verify', async (req, res, next) => {
    try {
      const request = assertValid<VerifyCredentialsRequest>(requestSchemaId('credentials.verify'), req.body);
      const email = normalizeEmail(request.email);
      // One read of the claim and one of the document; a claim whose owner no longer holds the email
      // (released, moved, half-written) fails the email check below like an unknown email.
      const ownerId = await actors.claimant('email', email);
      const stored = ownerId ? await reader.any(ownerId) : undefined;
      // Always run one hash comparison so an unknown email costs the same time as a wrong password.
      const matches = await hasher.verify(request.password, stored?.credentials.passwordHash ?? DUMMY_PASSWORD_HASH);
      const valid = Boolean(stored) && matches && stored!.customer.email === email && (request.userType ?? 'customer') === 'customer';
      const erasure = stored?.erasure && stored.customer.status === 'pending_deletion' ? { scheduledFor: stored.erasure.scheduledFor, statusBefore: stored.erasure.statusBefore } : undefined;
      const body: VerifyCredentialsResponse = valid ? { valid, subjectId: stored!.customer.id, status: stored!.customer.status, ...(erasure ? { erasure } : {}) } : { valid: false };
      res.json(body);
      if (valid && needsRehash(stored!.credentials.passwordHash)) {
        const { customer, credentials } = stored!;
        rehashLater(hasher, logger, request.password, async (passwordHash) => unwrap(await actors.rehashPassword(customer.id, { passwordHash, expectedHash: credentials.passwordHash })).rehashed, { customerId: customer.id });
      }
    } catch (error) {
      next(error);
    }
  });

  return router;
}
