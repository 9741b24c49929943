// A staff token carries the permissions of its account at sign-in. Every change of roles ends the
// account's sessions (accounts.ts), but a token stays usable until its session is seen ended (within
// the platform's 1 s revocation bound). For the routes that manage staff accounts that window is
// closed here: a caller's permissions are those its token carries *and* its account holds now, and
// an account that is no longer active acts as no one. Nobody can use a role taken away a moment ago
// to grant it back.
import type { RequestHandler } from 'express';
import { AppError, asyncHandler, principalOf } from '@idp/common';
import { ERROR_CODES } from '@idp/proto';
import { permissionsFor } from '../domain/roles.js';
import type { UserReader } from '../reads.js';

export function withCurrentPermissions(reader: UserReader): RequestHandler {
  return asyncHandler(async (_req, res, next) => {
    const principal = principalOf(res);
    if (principal.userType !== 'admin' && principal.userType !== 'shipper') return next();
    const account = await reader.any(principal.subjectId);
    if (!account || account.user.status !== 'active') {
      throw new AppError('unauthorized', ERROR_CODES.invalidToken, 'The access token is not valid or its session has ended.', { extensions: {} });
    }
    const held = new Set(permissionsFor(account.user.roles));
    res.locals.principal = { ...principal, permissions: principal.permissions.filter((permission) => held.has(permission)) };
    next();
  });
}
