// Refresh: rotate the session's refresh token with a compare-and-set on the session document (read
// with its ETag, write only if it is still that version), no actor turn on the way: two refreshes of
// one token cannot both rotate it, the loser reads the rotated session again and is judged on it.
// Anything but a plain rotation — a reused token (the session is revoked), or a session that keeps
// changing under the rotation — goes to the session's actor, whose turns decide it as before.
// With a grace window (REFRESH_REUSE_GRACE_SECONDS), the rotation keeps its answer sealed in the
// session, and the exact duplicate of that refresh within the window gets the same answer again.
import { AppError, isEtagMismatch, unwrap, type DaprClient, type Result } from '@idp/common';
import { ERROR_CODES, type RefreshRequest, type TokenResponse } from '@idp/proto';
import { ACTORS } from '../actors/names.js';
import type { RefreshAnswer } from '../actors/SessionActor.js';
import { newRefreshToken, openAnswer, parseRefreshToken, sealAnswer, type PresentedToken, type RefreshToken } from '../domain/refresh-token.js';
import { refreshSession, sessionTtlSeconds, withLastRotation, type SessionPolicy, type SessionRecord } from '../domain/session.js';
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

/** What a refresh answers, with the access token's expiry as a time, so a repeat can say what is left. */
interface Answer {
  accessToken: string;
  refreshToken: string;
  sessionId: string;
  exp: number;
}

const response = (answer: Answer, now: number): TokenResponse => ({
  accessToken: answer.accessToken,
  refreshToken: answer.refreshToken,
  tokenType: 'Bearer',
  expiresIn: Math.max(0, answer.exp - Math.floor(now / 1000)),
  sessionId: answer.sessionId,
});

/** The rotation's answer, issued once per request for the session's claims (fixed for its lifetime). */
class PendingAnswer {
  private issued: Promise<{ answer: Answer; sealed: string }> | undefined;

  constructor(
    private readonly deps: RefreshDeps,
    private readonly presented: PresentedToken,
    private readonly next: RefreshToken,
  ) {}

  get(session: SessionRecord): Promise<{ answer: Answer; sealed: string }> {
    this.issued ??= this.deps.tokens.issue({ sub: session.subjectId, sid: session.sessionId, userType: session.userType, permissions: session.permissions }).then((access) => {
      const answer = { accessToken: access.token, refreshToken: this.next.token, sessionId: session.sessionId, exp: access.exp };
      return { answer, sealed: this.deps.policy.reuseGraceMs > 0 ? sealAnswer(this.presented, answer) : '' };
    });
    return this.issued;
  }
}

function replayed(presented: PresentedToken, sealed: string): Answer {
  // A sealed answer this token cannot open was not made for it: treat it as any unknown token.
  const answer = openAnswer<Answer>(presented, sealed);
  if (!answer) throw invalidRefresh();
  return answer;
}

type Rotation = { kind: 'answered'; answer: Answer } | { kind: 'to_actor'; session: SessionRecord };

async function rotate(deps: RefreshDeps, presented: PresentedToken, pending: PendingAnswer, nextHash: string, deviceId: string | null): Promise<Rotation> {
  const { dapr, sessions, policy } = deps;
  let session: SessionRecord | undefined;
  for (let attempt = 0; attempt < ROTATION_ATTEMPTS; attempt++) {
    const item = await dapr.getState<SessionRecord>(STORES.records, sessionKey(presented.sessionId));
    if (!item) throw invalidRefresh();
    session = item.value;
    const now = Date.now();
    const outcome = refreshSession(session, presented.hash, nextHash, deviceId, now, policy);
    switch (outcome.kind) {
      case 'rotated': {
        const { answer, sealed } = await pending.get(session);
        const rotated = withLastRotation(outcome.session, presented.hash, now, sealed, policy);
        try {
          // No event for a rotation: a plain save (outside the outbox), only onto the version read.
          await dapr.saveState(STORES.records, [
            { key: sessionKey(presented.sessionId), value: rotated, etag: item.etag, options: { concurrency: 'first-write' }, metadata: { ttlInSeconds: String(sessionTtlSeconds(rotated, now)) } },
          ]);
        } catch (error) {
          if (isEtagMismatch(error)) continue;
          throw error;
        }
        sessions.put(rotated);
        return { kind: 'answered', answer };
      }
      case 'replay':
        return { kind: 'answered', answer: replayed(presented, outcome.sealedAnswer) };
      case 'reuse':
        return { kind: 'to_actor', session };
      case 'device_mismatch':
        throw new AppError('unauthorized', ERROR_CODES.deviceMismatch, 'This refresh token is bound to another device.');
      case 'inactive':
      case 'invalid':
        throw invalidRefresh();
    }
  }
  return { kind: 'to_actor', session: session! };
}

export async function refresh(deps: RefreshDeps, request: RefreshRequest): Promise<TokenResponse> {
  const { dapr } = deps;
  try {
    const presented = parseRefreshToken(request.refreshToken);
    if (!presented) throw invalidRefresh();
    const next = newRefreshToken(presented.sessionId);
    const pending = new PendingAnswer(deps, presented, next);
    const deviceId = request.deviceId ?? null;
    const rotation = await rotate(deps, presented, pending, next.hash, deviceId);
    let answer: Answer;
    if (rotation.kind === 'answered') answer = rotation.answer;
    else {
      const { answer: issued, sealed } = await pending.get(rotation.session);
      const decided = unwrap(
        await dapr.invokeActor<Result<RefreshAnswer>>(ACTORS.session, presented.sessionId, 'refresh', { presentedHash: presented.hash, nextHash: next.hash, deviceId, sealedAnswer: sealed }),
      );
      answer = decided.kind === 'replay' ? replayed(presented, decided.sealedAnswer) : issued;
    }
    refreshesTotal.inc({ result: 'success' });
    return response(answer, Date.now());
  } catch (error) {
    refreshesTotal.inc({ result: error instanceof AppError ? error.code : 'error' });
    throw error;
  }
}
