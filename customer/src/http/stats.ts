// A customer's order statistics (with how fresh they are), a reconcile on demand, and the
// customer's segment memberships.
import { Router, type RequestHandler } from 'express';
import { asyncHandler, unwrap } from '@idp/common';
import type { CustomerActors } from '../clients/actors.js';
import { membershipOf } from '../domain/segments.js';
import type { CustomerReader } from '../reads.js';
import { authorizedCustomerId } from './authorize.js';

export function statsRouter(deps: { actors: CustomerActors; reader: CustomerReader; authenticated: RequestHandler }): Router {
  const router = Router();

  router.get(
    '/v1/customers/:id/stats',
    deps.authenticated,
    asyncHandler(async (req, res) => {
      const id = authorizedCustomerId(req, res, 'read');
      res.json(unwrap(await deps.actors.stats(id)));
    }),
  );

  // Staff: reconcile against the order service now rather than at the next periodic run.
  router.post(
    '/v1/customers/:id/stats/refresh',
    deps.authenticated,
    asyncHandler(async (req, res) => {
      const id = authorizedCustomerId(req, res, 'moderate');
      unwrap(await deps.actors.requestReconcile(id));
      res.status(202).location(`/v1/customers/${id}/stats`).json({ customerId: id, reconcile: 'requested' });
    }),
  );

  router.get(
    '/v1/customers/:id/segments',
    deps.authenticated,
    asyncHandler(async (req, res) => {
      const id = authorizedCustomerId(req, res, 'read');
      const membership = membershipOf(await deps.reader.live(id));
      res.json({ customerId: id, segmentIds: membership.ids, pending: membership.pending });
    }),
  );

  return router;
}
