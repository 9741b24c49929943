// Login: throttle by identity, check the password with the owning app, open a session on the
// subject's actor (session limit applied there), issue tokens. Failures look the same whether the
// identity exists or not; a locked identity is refused before its password is checked, and each check
// holds a slot of the identity's failure budget (LoginGuardActor).
import { randomUUID } from 'node:crypto';
import { accountLockedError, AppError, unwrap, type DaprClient, type DirectPublisher, type Result } from '@idp/common';
import { AUTH_EVENTS, ERROR_CODES, type LoginRequest, type TokenResponse } from '@idp/proto';
import { userAuthenticatedEvent } from '../domain/session-events.js';
import { ACTORS, subjectActorId } from '../actors/names.js';
import type { AttemptGuard } from './attempt-guard.js';
import type { CredentialsClient } from '../clients/credentials.js';
import type { SessionRecord } from '../domain/session.js';
import { newRefreshToken } from '../domain/refresh-token.js';
import { signInDecision } from '../domain/sign-in.js';
import { loginDuration, loginsTotal } from '../metrics.js';
import type { TokenService } from '../tokens/token-service.js';

export interface LoginDeps {
  dapr: DaprClient;
  credentials: CredentialsClient;
  tokens: TokenService;
  events: DirectPublisher;
  guard: AttemptGuard;
}

const invalidCredentials = () => new AppError('unauthorized', ERROR_CODES.invalidCredentials, 'The email or password is not correct.');

export async function login(deps: LoginDeps, request: LoginRequest): Promise<TokenResponse> {
  const { dapr, credentials, tokens, events, guard } = deps;
  const endTimer = loginDuration.startTimer();
  const finish = (result: string) => {
    loginsTotal.inc({ user_type: request.userType, result });
    endTimer({ result });
  };
  try {
    // A slot of the failure budget first: parallel guesses cannot all reach the password check.
    const attemptId = await guard.admit(request.userType, request.email);
    let identity;
    try {
      identity = await credentials.verify(request.userType, request.email, request.password);
    } catch (error) {
      // Not checked: the slot goes back (or, should this report be lost, expires as a failure).
      await guard.settle(request.userType, request.email, attemptId, 'unknown', null).catch(() => undefined);
      throw error;
    }
    const lockedForMs = await guard.settle(request.userType, request.email, attemptId, identity ? 'success' : 'failure', identity?.subjectId ?? null);
    if (!identity) throw lockedForMs > 0 ? accountLockedError(lockedForMs) : invalidCredentials();
    const decision = signInDecision(identity);
    if (!decision.allowed) throw new AppError('forbidden', ERROR_CODES.accountDisabled, 'This account is not active.');

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
    return { accessToken: access.token, refreshToken: refresh.token, tokenType: 'Bearer', expiresIn: access.expiresIn, sessionId, ...(decision.erasureScheduledFor ? { erasureScheduledFor: decision.erasureScheduledFor } : {}) };
  } catch (error) {
    finish(error instanceof AppError ? error.code : 'error');
    throw error;
  }
}
