// Login: throttle by identity, check the password with the owning app, open a session on the
// subject's actor (session limit applied there), issue tokens. Failures look the same whether the
// identity exists or not; a locked identity is refused before its password is checked, and each check
// holds a slot of the identity's failure budget (LoginGuardActor).
import { randomUUID } from 'node:crypto';
import { AppError, unwrap, type DaprClient, type DirectPublisher, type Result } from '@idp/common';
import { AUTH_EVENTS, ERROR_CODES, type LoginRequest, type TokenResponse } from '@idp/proto';
import { userAuthenticatedEvent } from '../domain/session-events.js';
import { ACTORS, loginGuardId, subjectActorId } from '../actors/names.js';
import type { AdmitResult } from '../actors/LoginGuardActor.js';
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
}

const invalidCredentials = () => new AppError('unauthorized', ERROR_CODES.invalidCredentials, 'The email or password is not correct.');

/** Attempts already in flight hold what is left of the budget: retry when they have settled. */
function attemptsInFlightError(retryAfterMs: number): AppError {
  const retryAfter = Math.ceil(retryAfterMs / 1000);
  return new AppError('rate_limited', ERROR_CODES.tooManyAttempts, 'Other sign-in attempts for this account are being checked; try again shortly.', { retryAfter, extensions: { retryAfterSeconds: retryAfter } });
}

function lockedError(lockedForMs: number): AppError {
  const retryAfter = Math.ceil(lockedForMs / 1000);
  return new AppError('locked', ERROR_CODES.accountLocked, 'Too many failed logins; try again later.', { retryAfter, extensions: { retryAfterSeconds: retryAfter } });
}

/** How long an attempt waits for a slot held by attempts in flight before it is turned away. */
const ADMISSION_WAIT_MS = 15_000;

/** Waits while the budget is held by attempts in flight: parallel logins with the right password (a
 * customer's devices, a client's retry) all get in, a few at a time, while parallel guesses still
 * reach the password check only within the budget — the ones waiting see the lock when it comes. */
async function admitted(admit: () => Promise<AdmitResult>): Promise<AdmitResult> {
  const deadline = Date.now() + ADMISSION_WAIT_MS;
  for (let pause = 50; ; pause = Math.min(pause * 2, 400)) {
    const admission = await admit();
    if (admission.admitted || admission.reason === 'locked' || Date.now() + pause > deadline) return admission;
    await new Promise((resolve) => setTimeout(resolve, pause + Math.floor(Math.random() * pause)));
  }
}

export async function login(deps: LoginDeps, request: LoginRequest): Promise<TokenResponse> {
  const { dapr, credentials, tokens, events } = deps;
  const endTimer = loginDuration.startTimer();
  const finish = (result: string) => {
    loginsTotal.inc({ user_type: request.userType, result });
    endTimer({ result });
  };
  const guardId = loginGuardId(request.userType, request.email);
  const guard = <T>(method: 'admit' | 'settle', body: object) => dapr.invokeActor<T>(ACTORS.loginGuard, guardId, method, body);
  try {
    // A slot of the failure budget first: parallel guesses cannot all reach the password check.
    const attemptId = randomUUID();
    const admission = await admitted(() => guard<AdmitResult>('admit', { attemptId, userType: request.userType }));
    if (!admission.admitted) throw admission.reason === 'locked' ? lockedError(admission.retryAfterMs) : attemptsInFlightError(admission.retryAfterMs);

    let identity;
    try {
      identity = await credentials.verify(request.userType, request.email, request.password);
    } catch (error) {
      // Not checked: the slot goes back (or, should this report be lost, expires as a failure).
      await guard('settle', { attemptId, outcome: 'unknown', userType: request.userType, subjectId: null }).catch(() => undefined);
      throw error;
    }
    const settled = await guard<{ lockedForMs: number }>('settle', { attemptId, outcome: identity ? 'success' : 'failure', userType: request.userType, subjectId: identity?.subjectId ?? null });
    if (!identity) throw settled.lockedForMs > 0 ? lockedError(settled.lockedForMs) : invalidCredentials();
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
