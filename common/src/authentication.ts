// Bearer-token authentication for every app's protected routes. Auth verifies tokens itself; the
// other apps ask auth's introspection through their sidecar (Dapr service invocation) and may reuse
// an "active" answer for a few seconds — the documented bound within which a revoked session stops
// working everywhere. Any failure to verify fails closed.
import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { ERROR_CODES, type IntrospectionResponse, type UserType } from '@idp/proto';
import { AppError } from './errors.js';
import type { DaprClient } from './dapr.js';
import { deliveredBySidecar } from './app-token.js';

export interface Principal {
  subjectId: string;
  /** `service`: another app of the shop, calling through Dapr (subjectId is its app-id). */
  userType: UserType | 'service';
  sessionId: string;
  permissions: string[];
  /** Seconds since epoch when the access token expires. */
  expiresAt: number;
}

/** Resolves a bearer token to its principal, or undefined when it is not active. May throw AppError. */
export type TokenVerifier = (token: string) => Promise<Principal | undefined>;

const unauthorized = (detail: string, code: typeof ERROR_CODES.unauthorized | typeof ERROR_CODES.invalidToken) =>
  new AppError('unauthorized', code, detail, { extensions: {} });

export function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(header) : null;
  return match?.[1];
}

/** Permissions granted to other services by Dapr app-id (configuration, never a request). */
export type ServicePermissions = Readonly<Record<string, readonly string[]>>;

/** The calling app as daprd names it: for a call from another app's sidecar, the identity its mTLS
 * certificate proves (a header the caller sets itself is replaced), after the access-control policy
 * admitted it. Believed only on a request daprd delivered (it carries the app token): on the app
 * port itself anyone can send the header, and such a caller is anonymous. */
export const CALLER_APP_ID_HEADER = 'dapr-caller-app-id';

function servicePrincipal(appId: string | undefined, services: ServicePermissions | undefined): Principal | undefined {
  const permissions = appId ? services?.[appId] : undefined;
  return appId && permissions ? { subjectId: appId, userType: 'service', sessionId: '', permissions: [...permissions], expiresAt: Number.MAX_SAFE_INTEGER } : undefined;
}

/** A bearer token of a customer or staff member, or (without a token) a service the app grants
 * permissions to by its Dapr app-id. */
export function requireAuth(verify: TokenVerifier, services?: ServicePermissions): RequestHandler {
  return async (req, res, next) => {
    // A request that falls through to a second router was authenticated by the first: no second check.
    if (res.locals.principal) {
      next();
      return;
    }
    try {
      const token = bearerToken(req.header('authorization'));
      const service = token || !deliveredBySidecar(res) ? undefined : servicePrincipal(req.header(CALLER_APP_ID_HEADER), services);
      if (service) {
        res.locals.principal = service;
        next();
        return;
      }
      if (!token) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        throw unauthorized('This route needs a bearer access token.', ERROR_CODES.unauthorized);
      }
      const principal = await verify(token);
      if (!principal) {
        res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
        throw unauthorized('The access token is not valid or its session has ended.', ERROR_CODES.invalidToken);
      }
      res.locals.principal = principal;
      next();
    } catch (error) {
      next(error);
    }
  };
}

export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new Error('principalOf() used on a route without requireAuth');
  return principal;
}

/** Admits subjects holding `permission`; others get 403. */
export function requirePermission(permission: string): RequestHandler {
  return (_req, res, next) => {
    const principal = principalOf(res);
    next(principal.permissions.includes(permission) ? undefined : new AppError('forbidden', ERROR_CODES.forbidden, `This needs the permission ${permission}.`));
  };
}

export function principalFromIntrospection(result: IntrospectionResponse): Principal | undefined {
  if (!result.active || !result.sub || !result.sid || !result.userType || !result.exp) return undefined;
  return { subjectId: result.sub, userType: result.userType, sessionId: result.sid, permissions: result.permissions ?? [], expiresAt: result.exp };
}

/** For apps other than auth: introspection through the sidecar, with a short positive cache (one
 * introspection in flight per token, however many requests carry it). The cache's lifetime adds to
 * auth's own SESSION_CACHE_MS: together they bound how long a revoked session still works here. */
export function remoteVerifier(dapr: DaprClient, options: { authAppId?: string; cacheSeconds: number; maxEntries?: number }): TokenVerifier {
  const cache = new Map<string, { principal: Principal; until: number }>();
  const inFlight = new Map<string, Promise<Principal | undefined>>();
  const maxEntries = options.maxEntries ?? 10_000;
  const introspect = async (key: string, token: string): Promise<Principal | undefined> => {
    const now = Date.now();
    const res = await dapr.invoke(options.authAppId ?? 'auth', 'v1/auth/introspect', 'POST', { token });
    if (!res.ok) {
      await res.arrayBuffer();
      throw new AppError('unavailable', ERROR_CODES.dependencyUnavailable, 'The access token cannot be verified right now.', { retryAfter: 2 });
    }
    const principal = principalFromIntrospection((await res.json()) as IntrospectionResponse);
    if (principal && options.cacheSeconds > 0) {
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
      cache.set(key, { principal, until: now + options.cacheSeconds * 1000 });
    }
    return principal;
  };
  return async (token) => {
    const key = createHash('sha256').update(token).digest('base64url');
    const now = Date.now();
    const cached = cache.get(key);
    if (cached && cached.until > now && cached.principal.expiresAt * 1000 > now) return cached.principal;
    cache.delete(key);
    let pending = inFlight.get(key);
    if (!pending) {
      pending = introspect(key, token).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  };
}
