// daprd authenticates itself to the app with APP_API_TOKEN (header `dapr-api-token`); the JS SDK
// does not check it. Every route daprd alone should reach (actors, subscriptions, internal
// routes) requires it, so a process that can reach the app port cannot bypass the sidecar and
// its access-control policy. Public routes authorize callers themselves (bearer tokens) and are
// reachable directly as well as through service invocation.
import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { ERROR_CODES } from '@idp/proto';
import { AppError } from './errors.js';

const OPEN_PREFIXES = ['/v1/', '/.well-known/'];
const OPEN_PATHS = new Set(['/healthz', '/readyz']);

export function isOpenPath(path: string): boolean {
  return OPEN_PATHS.has(path) || OPEN_PREFIXES.some((prefix) => path.startsWith(prefix)) || path === '/v1';
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const VIA_SIDECAR = 'viaSidecar';

/** True when daprd delivered this request (it carried the app token). Headers daprd sets, such as the
 * caller's app-id, mean something only then: on the app port anyone can send them. */
export function deliveredBySidecar(res: Response): boolean {
  return res.locals[VIA_SIDECAR] === true;
}

/** With an empty token (development without tokens) every route is open. */
export function requireAppToken(expected: string): RequestHandler {
  return (req, res, next) => {
    const given = req.header('dapr-api-token');
    const fromSidecar = !expected || (given !== undefined && sameToken(given, expected));
    res.locals[VIA_SIDECAR] = fromSidecar;
    if (fromSidecar || isOpenPath(req.path)) return next();
    next(new AppError('unauthorized', ERROR_CODES.unauthorized, 'This route is reachable only through the Dapr sidecar.'));
  };
}

/** `/metrics` tells an outsider too much (routes, rates, error counts, the process): it needs the app
 * token too, from daprd's header or as a bearer token, which is how Prometheus sends a secret
 * (`authorization.credentials_file`). */
export function requireScrapeToken(expected: string): RequestHandler {
  return (req, _res, next) => {
    const bearer = /^Bearer (.+)$/i.exec(req.header('authorization') ?? '')?.[1];
    const given = req.header('dapr-api-token') ?? bearer;
    if (!expected || (given !== undefined && sameToken(given, expected))) return next();
    next(new AppError('unauthorized', ERROR_CODES.unauthorized, 'Metrics need the app API token (header dapr-api-token, or Authorization: Bearer).'));
  };
}
