// Login: throttle by identity, check the password with the owning app, open a session on the
// subject's actor (session limit applied there), issue tokens. Failures look the same whether the
// identity exists or not; a locked identity is refused before its password is checked.
import { randomUUID } from 'node:crypto';
import { AppError, unwrap, type DaprClient, type DirectPublisher, type Result } from '@idp/common';
import { AUTH_EVENTS, ERROR_CODES, type LoginRequest, type TokenResponse } from '@idp/proto';
import { userAuthenticatedEvent } from '../domain/session-events.js';
import { ACTORS, loginGuardId, subjectActorId } from '../actors/names.js';
import type { CredentialsClient } from '../clients/credentials.js';
import type { SessionRecord } from '../domain/session.js';
import { newRefreshToken } from '../domain/refresh-token.js';
import { loginDuration, loginsTotal } from '../metrics.js';
import type { TokenService } from '../tokens/token-service.js';

export interface LoginDeps {
  dapr: DaprClient;
  credentials: CredentialsClient;
  tokens: TokenService;
  events: DirectPublisher;
}

const invalidCredentials = () => new AppError('unauthorized', ERROR_CODES.invalidCredentials, 'The email or password is not correct.');

function lockedError(lockedForMs: number): AppError {
  const retryAfter = Math.ceil(lockedForMs / 1000);
  return new AppError('locked', ERROR_CODES.accountLocked, 'Too many failed logins; try again later.', { retryAfter, extensions: { retryAfterSeconds: retryAfter } });
}

export async function login(deps: LoginDeps, request: LoginRequest): Promise<TokenResponse> {
  const { dapr, credentials, tokens, events } = deps;
  const endTimer = loginDuration.startTimer();
  const finish = (result: string) => {
    loginsTotal.inc({ user_type: request.userType, result });
    endTimer({ result });
  };
  const guardId = loginGuardId(request.userType, request.email);
  try {
    const { lockedForMs, failures } = await dapr.invokeActor<{ lockedForMs: number; failures?: number }>(ACTORS.loginGuard, guardId, 'check');
    if (lockedForMs > 0) throw lockedError(lockedForMs);

    const identity = await credentials.verify(request.userType, request.email, request.password);
    if (!identity) {
      const after = await dapr.invokeActor<{ lockedForMs: number }>(ACTORS.loginGuard, guardId, 'failure', { userType: request.userType, subjectId: null });
      throw after.lockedForMs > 0 ? lockedError(after.lockedForMs) : invalidCredentials();
    }
    // Nothing to forget: no second actor call (a failure recorded meanwhile stays counted).
    if (failures !== 0) await dapr.invokeActor(ACTORS.loginGuard, guardId, 'success');
    if (identity.status !== 'active') throw new AppError('forbidden', ERROR_CODES.accountDisabled, 'This account is not active.');

    const sessionId = randomUUID();
    const refresh = newRefreshToken(sessionId);
    const session = unwrap(
      await dapr.invokeActor<Result<SessionRecord>>(ACTORS.subject, subjectActorId(request.userType, identity.subjectId), 'openSession', {
        sessionId,
        subjectId: identity.subjectId,
        userType: request.userType,
        deviceId: request.deviceId ?? null,
        permissions: identity.permissions,
        refreshHash: refresh.hash,
      }),
    );
    const access = await tokens.issue({ sub: identity.subjectId, sid: sessionId, userType: request.userType, permissions: identity.permissions });
    finish('success');
    // Analytics only (catalog: delivery direct): a lost event must not fail the login.
    void events.publish(AUTH_EVENTS.userAuthenticated, userAuthenticatedEvent(session, Date.now()));
    return { accessToken: access.token, refreshToken: refresh.token, tokenType: 'Bearer', expiresIn: access.expiresIn, sessionId };
  } catch (error) {
    finish(error instanceof AppError ? error.code : 'error');
    throw error;
  }
}
