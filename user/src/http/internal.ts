// Routes for other apps of the platform only. Dapr access control (components/configuration/user.yaml)
// lets app-id `auth` alone call them; the app-token guard keeps everyone else off the app port.
import { Router } from 'express';
import { assertValid, asyncHandler, DUMMY_PASSWORD_HASH, needsRehash, rehashLater, unwrap, type Logger, type PasswordHasher } from '@idp/common';
import { requestSchemaId, type VerifyCredentialsRequest, type VerifyCredentialsResponse } from '@idp/proto';
import { permissionsFor } from '../domain/roles.js';
import type { UserActors } from '../clients/actors.js';
import type { UserReader } from '../reads.js';

export function internalRouter(actors: UserActors, reader: UserReader, hasher: PasswordHasher, logger: Logger): Router {
  const router = Router();

  /** Checks an admin's or shipper's password for auth's login; never returns the hash. */
  router.post(
    '/internal/credentials/verify',
    asyncHandler(async (req, res) => {
      const request = assertValid<VerifyCredentialsRequest>(requestSchemaId('credentials.verify'), req.body);
      const email = request.email.trim().toLowerCase();
      const ownerId = await actors.owner(email);
      const aggregate = ownerId ? await reader.any(ownerId) : undefined;
      // Always one hash comparison, so an unknown email costs the same time as a wrong password.
      const matches = await hasher.verify(request.password, aggregate?.credentials.passwordHash ?? DUMMY_PASSWORD_HASH);
      const user = aggregate?.user;
      const valid = Boolean(user) && matches && user!.email === email && user!.status !== 'deleted' && (request.userType === undefined || request.userType === user!.userType);
      const body: VerifyCredentialsResponse = valid ? { valid, subjectId: user!.id, status: user!.status, permissions: permissionsFor(user!.roles) } : { valid: false };
      res.json(body);
      if (valid && needsRehash(aggregate!.credentials.passwordHash)) {
        const expectedHash = aggregate!.credentials.passwordHash;
        rehashLater(hasher, logger, request.password, async (passwordHash) => unwrap(await actors.rehashPassword(user!.id, { passwordHash, expectedHash })).rehashed, { userId: user!.id });
      }
    }),
  );

  return router;
}
