// Routes for other apps of the platform only: Dapr access control (components/configuration/auth.yaml)
// admits the customer and user apps to revoke-all and to the login budget of their accounts' password
// checks (admit, settle, release); key rotation is for operators (self-invocation).
import { Router, type Request } from 'express';
import { AppError, assertValid, CALLER_APP_ID_HEADER, unwrap, type DaprClient, type Result } from '@idp/common';
import { ERROR_CODES, requestSchemaId, type AttemptAdmitRequest, type AttemptSettleRequest, type LockReleaseRequest, type RevokeSubjectRequest } from '@idp/proto';
import type { AttemptGuard } from '../flows/attempt-guard.js';
import { CREDENTIAL_OWNERS } from '../clients/credentials.js';

/** The login budget of an identity is for the app that owns its credentials alone (customer for
 * customers, user for staff): the caller's app-id on /internal/* is the one daprd proved. */
function ownedByCaller<T extends { userType: keyof typeof CREDENTIAL_OWNERS }>(req: Request, request: T): T {
  if (req.header(CALLER_APP_ID_HEADER) !== CREDENTIAL_OWNERS[request.userType]) {
    throw new AppError('forbidden', ERROR_CODES.forbidden, 'Only the app that owns these credentials may use their login budget.');
  }
  return request;
}
import { ACTORS, KEY_RING_ID, subjectActorId } from '../actors/names.js';
import type { KeyRing } from '../domain/keyring.js';
import type { KeyRingCache } from '../tokens/key-ring-cache.js';

export function internalRouter(dapr: DaprClient, keys: KeyRingCache, guard: AttemptGuard): Router {
  const router = Router();

  // Emails arrive normalized (the owning app's own rule), as login's do.
  router.post('/internal/attempts/admit', async (req, res, next) => {
    try {
      const request = ownedByCaller(req, assertValid<AttemptAdmitRequest>(requestSchemaId('auth.attempt-admit'), req.body));
      res.json({ attemptId: await guard.admit(request.userType, request.email) });
    } catch (error) {
      next(error);
    }
  });

  router.post('/internal/attempts/settle', async (req, res, next) => {
    try {
      const request = ownedByCaller(req, assertValid<AttemptSettleRequest>(requestSchemaId('auth.attempt-settle'), req.body));
      res.json({ lockedForMs: await guard.settle(request.userType, request.email, request.attemptId, request.outcome, request.subjectId) });
    } catch (error) {
      next(error);
    }
  });

  router.post('/internal/lockouts/release', async (req, res, next) => {
    try {
      const request = ownedByCaller(req, assertValid<LockReleaseRequest>(requestSchemaId('auth.lock-release'), req.body));
      res.json(await guard.release(request.userType, request.email, request.subjectId, request.performedBy));
    } catch (error) {
      next(error);
    }
  });

  router.post('/internal/subjects/revoke', async (req, res, next) => {
    try {
      const request = assertValid<RevokeSubjectRequest>(requestSchemaId('auth.revoke-subject'), req.body);
      const result = await dapr.invokeActor<Result<{ revoked: number }>>(ACTORS.subject, subjectActorId(request.userType, request.subjectId), 'revokeAll', {
        reason: request.reason,
        ...(request.exceptSessionId ? { exceptSessionId: request.exceptSessionId } : {}),
      });
      res.json(unwrap(result));
    } catch (error) {
      next(error);
    }
  });

  router.post('/internal/keys/rotate', async (_req, res, next) => {
    try {
      const ring = await dapr.invokeActor<KeyRing>(ACTORS.keyRing, KEY_RING_ID, 'rotate');
      await keys.forceReload();
      res.json({ current: ring.current.kid, previous: ring.previous?.kid ?? null });
    } catch (error) {
      next(error);
    }
  });

  return router;
}
