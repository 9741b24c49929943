// Customer groups (admins): the catalog under /v1/customer-groups, and memberships, which change the
// customer's aggregate with customer.group.assigned|unassigned through the outbox.
import { Router, type Request, type RequestHandler } from 'express';
import { assertValid, asyncHandler, pageQuery, principalOf, unwrap } from '@idp/common';
import { requestSchemaId } from '@idp/proto';
import { LIST_QUERY_SHAPE, type ListFilters } from '../domain/directory.js';
import type { CustomerActors } from '../clients/actors.js';
import { groupNotFound, type CustomerGroups } from '../directory/groups.js';
import type { DirectoryQueries } from '../directory/queries.js';
import { CUSTOMER_ID_PATTERN, customerNotFound } from '../reads.js';
import { performerOf, requireCustomersPermission } from './authorize.js';

export interface GroupRouteDeps {
  groups: CustomerGroups;
  queries: DirectoryQueries;
  actors: CustomerActors;
  /** Bearer tokens, and services by their Dapr app-id (main.ts). */
  authenticated: RequestHandler;
}

const GROUP_ID_PATTERN = /^[0-9a-f-]{36}$/;

function groupIdOf(req: Request): string {
  const id = String(req.params.groupId);
  if (!GROUP_ID_PATTERN.test(id)) throw groupNotFound();
  return id;
}

function customerIdOf(req: Request): string {
  const id = String(req.params.customerId);
  if (!CUSTOMER_ID_PATTERN.test(id)) throw customerNotFound();
  return id;
}

export function groupsRouter(deps: GroupRouteDeps): Router {
  const router = Router();
  const { authenticated } = deps;

  router.post(
    '/v1/customer-groups',
    authenticated,
    asyncHandler(async (req, res) => {
      requireCustomersPermission(res, 'write');
      const input = assertValid<{ name: string; description?: string | null }>(requestSchemaId('customer-group.create'), req.body);
      const group = await deps.groups.create(input, principalOf(res).subjectId);
      res.status(201).location(`/v1/customer-groups/${group.id}`).json(group);
    }),
  );

  router.get(
    '/v1/customer-groups',
    authenticated,
    asyncHandler(async (req, res) => {
      requireCustomersPermission(res, 'read');
      const { query, after } = pageQuery<{ limit?: number }>(req, 'page-query', { idPattern: GROUP_ID_PATTERN });
      res.json(await deps.groups.list(query.limit, after));
    }),
  );

  router.get(
    '/v1/customer-groups/:groupId',
    authenticated,
    asyncHandler(async (req, res) => {
      requireCustomersPermission(res, 'read');
      res.json(await deps.groups.get(groupIdOf(req)));
    }),
  );

  router.patch(
    '/v1/customer-groups/:groupId',
    authenticated,
    asyncHandler(async (req, res) => {
      requireCustomersPermission(res, 'write');
      const id = groupIdOf(req);
      const patch = assertValid<{ name?: string; description?: string | null }>(requestSchemaId('customer-group.update'), req.body);
      res.json(await deps.groups.update(id, patch));
    }),
  );

  router.delete(
    '/v1/customer-groups/:groupId',
    authenticated,
    asyncHandler(async (req, res) => {
      requireCustomersPermission(res, 'write');
      await deps.groups.remove(groupIdOf(req));
      res.status(204).end();
    }),
  );

  router.get(
    '/v1/customer-groups/:groupId/customers',
    authenticated,
    asyncHandler(async (req, res) => {
      requireCustomersPermission(res, 'read');
      const group = await deps.groups.get(groupIdOf(req));
      const { query, after } = pageQuery<ListFilters>(req, 'customer.list-query', LIST_QUERY_SHAPE);
      res.json(await deps.queries.listCustomers({ ...query, groupId: group.id }, after));
    }),
  );

  router.put(
    '/v1/customer-groups/:groupId/customers/:customerId',
    authenticated,
    asyncHandler(async (req, res) => {
      requireCustomersPermission(res, 'write');
      const group = await deps.groups.get(groupIdOf(req));
      res.json(unwrap(await deps.actors.assignGroup(customerIdOf(req), group.id, performerOf(principalOf(res)))));
    }),
  );

  // Leaving works for any group id, even one deleted since: nobody should stay stuck in a group.
  router.delete(
    '/v1/customer-groups/:groupId/customers/:customerId',
    authenticated,
    asyncHandler(async (req, res) => {
      requireCustomersPermission(res, 'write');
      unwrap(await deps.actors.unassignGroup(customerIdOf(req), groupIdOf(req), performerOf(principalOf(res))));
      res.status(204).end();
    }),
  );

  return router;
}
