// GDPR erasure: schedule it (the customer or staff with customers:write), or cancel it within the
// grace period. The erasure itself runs on the customer actor's reminder.
import { Router, type RequestHandler } from 'express';
import { asyncHandler, principalOf, unwrap } from '@idp/common';
import type { CustomerActors } from '../clients/actors.js';
import { authorizedCustomerId, performerOf } from './authorize.js';

export function erasureRouter(deps: { actors: CustomerActors; authenticated: RequestHandler }): Router {
  const router = Router();

  router.post(
    '/v1/customers/:id/erasure',
    deps.authenticated,
    asyncHandler(async (req, res) => {
      const id = authorizedCustomerId(req, res, 'close');
      res.status(202).json(unwrap(await deps.actors.scheduleErasure(id, performerOf(principalOf(res)))));
    }),
  );

  router.delete(
    '/v1/customers/:id/erasure',
    deps.authenticated,
    asyncHandler(async (req, res) => {
      const id = authorizedCustomerId(req, res, 'close');
      res.json(unwrap(await deps.actors.cancelErasure(id, performerOf(principalOf(res)))));
    }),
  );

  return router;
}
