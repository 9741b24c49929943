// Public auth routes: login, refresh, introspection, logout, the caller's sessions, and the JWKS.
import { Router } from 'express';
import { AppError, assertValid, asyncHandler, principalOf, requireAuth, unwrap, type Logger, type PublicRateLimits, type Result, type TokenVerifier } from '@idp/common';
import { ERROR_CODES, normalizeEnumInput, requestSchemaId, type IntrospectRequest, type LoginRequest, type RefreshRequest } from '@idp/proto';
import { ACTORS, subjectActorId } from '../actors/names.js';
import type { SessionPolicy, SessionRecord } from '../domain/session.js';
import { login, type LoginDeps } from '../flows/login.js';
import { refresh } from '../flows/refresh.js';
import { activeToken, introspectionResponse } from '../flows/introspection.js';
import type { LiveSessions } from '../sessions/live-sessions.js';

export interface AuthRouteDeps extends LoginDeps {
  /** Per client address; login's per-identity limit is the lockout budget (LoginGuardActor). */
  limits: PublicRateLimits;
  verifier: TokenVerifier;
  logger: Logger;
  sessions: LiveSessions;
  sessionPolicy: SessionPolicy;
}

/** Emails and user types are compared lowercased and trimmed. */
function normalizeLogin(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const input = { ...(body as Record<string, unknown>) };
  input.userType = normalizeEnumInput(input.userType);
  if (typeof input.email === 'string') input.email = input.email.trim().toLowerCase();
  return input;
}

function sessionView(session: SessionRecord, currentSessionId: string) {
  return {
    sessionId: session.sessionId,
    deviceId: session.deviceId,
    createdAt: new Date(session.createdAt).toISOString(),
    lastUsedAt: new Date(session.lastUsedAt).toISOString(),
    expiresAt: new Date(Math.min(session.expiresAt, session.idleExpiresAt)).toISOString(),
    current: session.sessionId === currentSessionId,
  };
}

export function authRouter(deps: AuthRouteDeps): Router {
  const { dapr, tokens, verifier } = deps;
  const router = Router();
  const authenticated = requireAuth(verifier);

  router.post(
    '/v1/auth/login',
    deps.limits.route({ route: 'login' }),
    asyncHandler(async (req, res) => {
      const request = assertValid<LoginRequest>(requestSchemaId('auth.login'), normalizeLogin(req.body));
      res.set('Cache-Control', 'no-store').json(await login(deps, request));
    }),
  );

  router.post(
    '/v1/auth/refresh',
    deps.limits.route({ route: 'refresh' }),
    asyncHandler(async (req, res) => {
      const request = assertValid<RefreshRequest>(requestSchemaId('auth.refresh'), req.body);
      res.set('Cache-Control', 'no-store').json(await refresh({ dapr, tokens, sessions: deps.sessions, policy: deps.sessionPolicy }, request));
    }),
  );

  router.post(
    '/v1/auth/introspect',
    asyncHandler(async (req, res) => {
      const request = assertValid<IntrospectRequest>(requestSchemaId('auth.introspect'), req.body);
      res.set('Cache-Control', 'no-store').json(introspectionResponse(await activeToken(deps.sessions, tokens, deps.logger, request.token)));
    }),
  );

  router.post(
    '/v1/auth/logout',
    authenticated,
    asyncHandler(async (_req, res) => {
      const principal = principalOf(res);
      unwrap(await dapr.invokeActor<Result<unknown>>(ACTORS.session, principal.sessionId, 'revoke', { reason: 'logout', notifySubject: true }));
      res.status(204).end();
    }),
  );

  router.get(
    '/v1/auth/sessions',
    authenticated,
    asyncHandler(async (_req, res) => {
      const principal = principalOf(res);
      const sessions = await dapr.invokeActor<SessionRecord[]>(ACTORS.subject, subjectActorId(principal.userType, principal.subjectId), 'listSessions');
      res.json({ sessions: sessions.map((s) => sessionView(s, principal.sessionId)) });
    }),
  );

  router.delete(
    '/v1/auth/sessions/:sessionId',
    authenticated,
    asyncHandler(async (req, res) => {
      const principal = principalOf(res);
      const sessionId = String(req.params.sessionId);
      const sessions = await dapr.invokeActor<SessionRecord[]>(ACTORS.subject, subjectActorId(principal.userType, principal.subjectId), 'listSessions');
      // Another subject's session is indistinguishable from one that does not exist.
      if (!sessions.some((s) => s.sessionId === sessionId)) throw new AppError('not_found', ERROR_CODES.sessionNotFound, 'No active session with this id.');
      unwrap(await dapr.invokeActor<Result<unknown>>(ACTORS.session, sessionId, 'revoke', { reason: 'user_revoked', notifySubject: true }));
      res.status(204).end();
    }),
  );

  router.get(
    '/.well-known/jwks.json',
    asyncHandler(async (_req, res) => {
      res.set('Cache-Control', 'public, max-age=60').json(await tokens.jwks());
    }),
  );

  return router;
}
