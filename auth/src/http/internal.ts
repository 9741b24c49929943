// Routes for other apps of the platform only: Dapr access control (components/configuration/auth.yaml)
// admits the customer and user apps to revoke-all; key rotation is for operators (self-invocation).
import { Router } from 'express';
import { assertValid, unwrap, type DaprClient, type Result } from '@idp/common';
import { requestSchemaId, type RevokeSubjectRequest } from '@idp/proto';
import { ACTORS, KEY_RING_ID, subjectActorId } from '../actors/names.js';
import type { KeyRing } from '../domain/keyring.js';
import type { KeyRingCache } from '../tokens/key-ring-cache.js';

export function internalRouter(dapr: DaprClient, keys: KeyRingCache): Router {
  const router = Router();

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
