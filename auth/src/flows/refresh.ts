// Refresh: rotate the session's refresh token with a compare-and-set on the session document (read
// with its ETag, write only if it is still that version), no actor turn on the way: two refreshes of
// one token cannot both rotate it, the loser reads the rotated session again and is judged on it.
// Anything but a plain rotation — a reused token (the session is revoked), or a session that keeps
// changing under the rotation — goes to the session's actor, whose turns decide it as before.
import { AppError, isEtagMismatch, unwrap, type DaprClient, type Result } from '@idp/common';
import { ERROR_CODES, type RefreshRequest, type TokenResponse } from '@idp/proto';
import { ACTORS } from '../actors/names.js';
import type { SessionSummary } from '../actors/SessionActor.js';
import { newRefreshToken, parseRefreshToken } from '../domain/refresh-token.js';
import { refreshSession, sessionTtlSeconds, type SessionPolicy, type SessionRecord } from '../domain/session.js';
import { refreshesTotal } from '../metrics.js';
import type { LiveSessions } from '../sessions/live-sessions.js';
import { sessionKey, STORES } from '../stores.js';
import type { TokenService } from '../tokens/token-service.js';

export interface RefreshDeps {
  dapr: DaprClient;
  tokens: TokenService;
  sessions: LiveSessions;
  policy: SessionPolicy;
}

/** Rotations tried with a compare-and-set before the session's actor takes over. */
const ROTATION_ATTEMPTS = 2;

const invalidRefresh = () => new AppError('unauthorized', ERROR_CODES.invalidRefreshToken, 'The refresh token is not valid.');

type Rotation = { kind: 'rotated'; session: SessionRecord } | { kind: 'to_actor' };

async function rotate(deps: RefreshDeps, presented: { sessionId: string; hash: string }, nextHash: string, deviceId: string | null): Promise<Rotation> {
  const { dapr, sessions, policy } = deps;
  for (let attempt = 0; attempt < ROTATION_ATTEMPTS; attempt++) {
    const item = await dapr.getState<SessionRecord>(STORES.records, sessionKey(presented.sessionId));
    if (!item) throw invalidRefresh();
    const now = Date.now();
    const outcome = refreshSession(item.value, presented.hash, nextHash, deviceId, now, policy);
    switch (outcome.kind) {
      case 'rotated':
        try {
          // No event for a rotation: a plain save (outside the outbox), only onto the version read.
          await dapr.saveState(STORES.records, [
            { key: sessionKey(presented.sessionId), value: outcome.session, etag: item.etag, options: { concurrency: 'first-write' }, metadata: { ttlInSeconds: String(sessionTtlSeconds(outcome.session, now)) } },
          ]);
        } catch (error) {
          if (isEtagMismatch(error)) continue;
          throw error;
        }
        sessions.put(outcome.session);
        return { kind: 'rotated', session: outcome.session };
      case 'reuse':
        return { kind: 'to_actor' };
      case 'device_mismatch':
        throw new AppError('unauthorized', ERROR_CODES.deviceMismatch, 'This refresh token is bound to another device.');
      case 'inactive':
      case 'invalid':
        throw invalidRefresh();
    }
  }
  return { kind: 'to_actor' };
}

export async function refresh(deps: RefreshDeps, request: RefreshRequest): Promise<TokenResponse> {
  const { dapr, tokens } = deps;
  try {
    const presented = parseRefreshToken(request.refreshToken);
    if (!presented) throw invalidRefresh();
    const next = newRefreshToken(presented.sessionId);
    const deviceId = request.deviceId ?? null;
    const rotation = await rotate(deps, presented, next.hash, deviceId);
    const session: SessionSummary =
      rotation.kind === 'rotated'
        ? rotation.session
        : unwrap(await dapr.invokeActor<Result<SessionSummary>>(ACTORS.session, presented.sessionId, 'refresh', { presentedHash: presented.hash, nextHash: next.hash, deviceId }));
    const access = await tokens.issue({ sub: session.subjectId, sid: session.sessionId, userType: session.userType, permissions: session.permissions });
    refreshesTotal.inc({ result: 'success' });
    return { accessToken: access.token, refreshToken: next.token, tokenType: 'Bearer', expiresIn: access.expiresIn, sessionId: session.sessionId };
  } catch (error) {
    refreshesTotal.inc({ result: error instanceof AppError ? error.code : 'error' });
    throw error;
  }
}
