// The staff account API: /v1/users for admins (users:admin to change, users:read to look), a staff
// member's own record and password, and the public route that redeems an admin-issued reset token.
import { Router, type Request, type Response } from 'express';
import { AppError, assertValid, asyncHandler, pageQuery, principalOf, requireAuth, STATUS_ACTIONS, resetTokenAccount, type Principal, type PublicRateLimits, type StatusAction, type TokenVerifier } from '@idp/common';
import { ERROR_CODES, normalizeEnumInput, requestSchemaId, type PerformedBy } from '@idp/proto';
import { mayAccessUser, mayListUsers, selfLockout, type UserOperation } from '../domain/access.js';
import type { UserChanges } from '../domain/changes.js';
import { roleErrors } from '../domain/roles.js';
import { toView } from '../domain/user.js';
import type { Accounts, NewUserRequest } from '../accounts.js';
import { withCurrentPermissions } from './current-permissions.js';
import { USER_LIST_QUERY_SHAPE, type UserDirectoryQueries, type UserListFilters } from '../directory/queries.js';
import { USER_ID_PATTERN, userNotFound, type UserReader } from '../reads.js';

export interface UserRouteDeps {
  accounts: Accounts;
  reader: UserReader;
  queries: UserDirectoryQueries;
  verifier: TokenVerifier;
  limits: PublicRateLimits;
}

const performerOf = (principal: Principal): PerformedBy => ({ kind: principal.userType, id: principal.subjectId });
const forbidden = () => new AppError('forbidden', ERROR_CODES.forbidden, 'You may not do this to this user.');

/** The `:id` of the route once the caller may do `operation` on it (403 before 404). */
function authorizedUserId(req: Request, res: Response, operation: UserOperation, changes?: UserChanges): string {
  const id = String(req.params.id);
  if (!mayAccessUser(principalOf(res), id, operation, changes)) throw forbidden();
  if (!USER_ID_PATTERN.test(id)) throw userNotFound();
  return id;
}

function refuseSelfLockout(res: Response, id: string, change: Parameters<typeof selfLockout>[2]): void {
  const problem = selfLockout(principalOf(res), id, change);
  if (problem) throw new AppError('conflict', ERROR_CODES.selfLockout, 'An administrator cannot lock themself out; ask another administrator.', { errors: [problem] });
}

/** Emails lowercased, enum values lowercased, names trimmed, before the schema sees them. */
function normalized(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const input = { ...(body as Record<string, unknown>) };
  if (typeof input.email === 'string') input.email = input.email.trim().toLowerCase();
  for (const field of ['firstName', 'lastName'] as const) if (typeof input[field] === 'string') input[field] = (input[field] as string).trim();
  if (input.userType !== undefined) input.userType = normalizeEnumInput(input.userType);
  if (Array.isArray(input.roles)) input.roles = input.roles.map(normalizeEnumInput);
  return input;
}

export function usersRouter(deps: UserRouteDeps): Router {
  const router = Router();
  const authenticated = [requireAuth(deps.verifier), withCurrentPermissions(deps.reader)];

  router.post(
    '/v1/users',
    authenticated,
    asyncHandler(async (req, res) => {
      if (!mayAccessUser(principalOf(res), '', 'manage')) throw new AppError('forbidden', ERROR_CODES.forbidden, 'This needs the permission users:admin.');
      const body = assertValid<NewUserRequest>(requestSchemaId('user.create'), normalized(req.body));
      const errors = roleErrors(body.userType, body.roles);
      if (errors.length) throw new AppError('invalid', ERROR_CODES.validationFailed, 'The roles do not suit this user type.', { errors });
      const view = await deps.accounts.create(body, performerOf(principalOf(res)));
      res.status(201).location(`/v1/users/${view.id}`).json(view);
    }),
  );

  router.get(
    '/v1/users',
    authenticated,
    asyncHandler(async (req, res) => {
      if (!mayListUsers(principalOf(res))) throw new AppError('forbidden', ERROR_CODES.forbidden, 'This needs the permission users:read.');
      const { query, after } = pageQuery<UserListFilters>(req, 'user.list-query', USER_LIST_QUERY_SHAPE);
      res.json(await deps.queries.list(query, after));
    }),
  );

  router.get(
    '/v1/users/me',
    authenticated,
    asyncHandler(async (_req, res) => {
      const principal = principalOf(res);
      if (principal.userType === 'customer') throw new AppError('forbidden', ERROR_CODES.forbidden, 'Customers have no staff account.');
      res.json(toView(await deps.reader.live(principal.subjectId)));
    }),
  );

  router.get(
    '/v1/users/:id',
    authenticated,
    asyncHandler(async (req, res) => {
      res.json(toView(await deps.reader.live(authorizedUserId(req, res, 'read'))));
    }),
  );

  router.patch(
    '/v1/users/:id',
    authenticated,
    asyncHandler(async (req, res) => {
      if (typeof req.body === 'object' && req.body !== null && 'status' in req.body) {
        throw new AppError('unprocessable', ERROR_CODES.statusNotUpdatable, 'Status changes only through POST …/activate, …/deactivate or …/suspend.', {
          errors: [{ pointer: '/status', detail: 'cannot be changed by PATCH' }],
        });
      }
      const changes = assertValid<UserChanges>(requestSchemaId('user.update'), normalized(req.body));
      const id = authorizedUserId(req, res, 'update', changes);
      if (changes.roles) {
        const errors = roleErrors((await deps.reader.live(id)).user.userType, changes.roles);
        if (errors.length) throw new AppError('invalid', ERROR_CODES.validationFailed, 'The roles do not suit this user type.', { errors });
      }
      refuseSelfLockout(res, id, { changes });
      res.json(await deps.accounts.update(id, changes, performerOf(principalOf(res))));
    }),
  );

  router.delete(
    '/v1/users/:id',
    authenticated,
    asyncHandler(async (req, res) => {
      const id = authorizedUserId(req, res, 'manage');
      refuseSelfLockout(res, id, { deleting: true });
      await deps.accounts.softDelete(id, performerOf(principalOf(res)));
      res.status(204).end();
    }),
  );

  for (const action of STATUS_ACTIONS) {
    router.post(
      `/v1/users/:id/${action}`,
      authenticated,
      asyncHandler(async (req, res) => {
        const id = authorizedUserId(req, res, 'manage');
        refuseSelfLockout(res, id, { statusAction: action });
        res.json(await deps.accounts.changeStatus(id, action as StatusAction, performerOf(principalOf(res))));
      }),
    );
  }

  router.post(
    '/v1/users/:id/password',
    authenticated,
    asyncHandler(async (req, res) => {
      const id = authorizedUserId(req, res, 'change_own_password');
      const request = assertValid<{ currentPassword: string; newPassword: string }>(requestSchemaId('user.password-change'), req.body);
      const principal = principalOf(res);
      await deps.accounts.changePassword(id, request, principal.sessionId, performerOf(principal));
      res.status(204).end();
    }),
  );

  // A locked sign-in (5 wrong passwords, perhaps someone else's) ended by an administrator.
  router.post(
    '/v1/users/:id/unlock',
    authenticated,
    asyncHandler(async (req, res) => {
      const id = authorizedUserId(req, res, 'manage');
      res.json(await deps.accounts.unlock(id, performerOf(principalOf(res))));
    }),
  );

  router.post(
    '/v1/users/:id/password-reset',
    authenticated,
    asyncHandler(async (req, res) => {
      const id = authorizedUserId(req, res, 'manage');
      // Not for oneself: an admin who knows their password changes it; one who does not asks a peer.
      if (id === principalOf(res).subjectId) throw forbidden();
      res.status(201).json(await deps.accounts.issuePasswordReset(id, performerOf(principalOf(res))));
    }),
  );

  // Public: the token is the credential (single use, expiring, held only as a hash).
  router.post(
    '/v1/users/password-reset',
    deps.limits.route({ route: 'password-reset', identity: resetTokenAccount }),
    asyncHandler(async (req, res) => {
      const { token, newPassword } = assertValid<{ token: string; newPassword: string }>(requestSchemaId('user.password-reset'), req.body);
      await deps.accounts.resetPassword(token, newPassword);
      res.status(204).end();
    }),
  );

  return router;
}
