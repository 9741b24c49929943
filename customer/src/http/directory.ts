// The customer directory (admin listing with filters and keyset pagination) and each customer's
// audit log, both read from the read model in PostgreSQL.
import { Router, type RequestHandler } from 'express';
import { asyncHandler, pageQuery } from '@idp/common';
import { LIST_QUERY_SHAPE, type ListFilters } from '../domain/directory.js';
import type { DirectoryQueries } from '../directory/queries.js';
import { authorizedCustomerId, requireCustomersPermission } from './authorize.js';

export interface DirectoryRouteDeps {
  queries: DirectoryQueries;
  /** Bearer tokens, and services by their Dapr app-id (main.ts). */
  authenticated: RequestHandler;
}

export function directoryRouter(deps: DirectoryRouteDeps): Router {
  const router = Router();
  const { authenticated } = deps;

  router.get(
    '/v1/customers',
    authenticated,
    asyncHandler(async (req, res) => {
      requireCustomersPermission(res, 'read');
      const { query, after } = pageQuery<ListFilters>(req, 'customer.list-query', LIST_QUERY_SHAPE);
      res.json(await deps.queries.listCustomers(query, after));
    }),
  );

  router.get(
    '/v1/customers/:id/audit',
    authenticated,
    asyncHandler(async (req, res) => {
      const id = authorizedCustomerId(req, res, 'read');
      // Audit cursors carry the row's numeric id.
      const { query, after } = pageQuery<{ limit?: number }>(req, 'page-query', { idPattern: /^\d{1,18}$/ });
      res.json(await deps.queries.auditOf(id, query.limit, after));
    }),
  );

  return router;
}
