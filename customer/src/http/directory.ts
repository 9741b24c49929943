// The customer directory (admin listing with filters and keyset pagination) and each customer's
// audit log, both read from the read model in PostgreSQL.
import { Router, type Request } from 'express';
import { AppError, assertValid, asyncHandler, principalOf, requireAuth, type TokenVerifier } from '@idp/common';
import { ERROR_CODES, requestSchemaId, type FieldError } from '@idp/proto';
import { mayActOnCustomers } from '../domain/access.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, isKeyset, normalizeListQuery, type Keyset, type ListFilters } from '../domain/directory.js';
import type { DirectoryQueries } from '../directory/queries.js';
import { authorizedCustomerId } from './authorize.js';

export interface DirectoryRouteDeps {
  queries: DirectoryQueries;
  verifier: TokenVerifier;
}

/** The query string, validated, with its cursor decoded; `idPattern` checks the cursor's id part. */
export function pageQuery<T extends { limit?: number; cursor?: string }>(req: Request, schema: string, idPattern = /^[A-Za-z0-9_-]{1,64}$/): { query: T & { limit: number }; after?: Keyset } {
  const query = assertValid<T>(requestSchemaId(schema), normalizeListQuery(req.query as Record<string, unknown>));
  let after: Keyset | undefined;
  if (query.cursor !== undefined) {
    const decoded = decodeCursor(query.cursor);
    const errors: FieldError[] = isKeyset(decoded) ? (idPattern.test(decoded.id) ? [] : [{ pointer: '/cursor', detail: 'is not a cursor this API returned' }]) : [decoded];
    if (errors.length) throw new AppError('invalid', ERROR_CODES.validationFailed, 'The cursor is not valid.', { errors });
    after = decoded as Keyset;
  }
  return { query: { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE }, after };
}

export function directoryRouter(deps: DirectoryRouteDeps): Router {
  const router = Router();
  const authenticated = requireAuth(deps.verifier);

  router.get(
    '/v1/customers',
    authenticated,
    asyncHandler(async (req, res) => {
      if (!mayActOnCustomers(principalOf(res), 'read')) throw new AppError('forbidden', ERROR_CODES.forbidden, 'This needs the permission customers:read.');
      const { query, after } = pageQuery<ListFilters>(req, 'customer.list-query');
      res.json(await deps.queries.listCustomers(query, after));
    }),
  );

  router.get(
    '/v1/customers/:id/audit',
    authenticated,
    asyncHandler(async (req, res) => {
      const id = authorizedCustomerId(req, res, 'read');
      const { query, after } = pageQuery<{ limit?: number }>(req, 'page-query', /^\d{1,18}$/);
      res.json(await deps.queries.auditOf(id, query.limit, after));
    }),
  );

  return router;
}
