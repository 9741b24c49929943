// Introspection, the platform's hottest path: the JWT is verified locally (pinned algorithm, exp,
// iss, aud, known kid; a token seen before is not verified again), then its session is looked up in
// this replica's view of the sessions (sessions/live-sessions.ts: at most SESSION_CACHE_MS old, no
// actor turn). A token that fails any check answers inactive; a session that cannot be read answers
// 503 (dependency_unavailable): fail closed either way.
import { AppError, type Logger } from '@idp/common';
import { ERROR_CODES, type IntrospectionResponse } from '@idp/proto';
import { isActive, type SessionRecord } from '../domain/session.js';
import { introspectionDuration, tokenValidationsTotal } from '../metrics.js';
import type { LiveSessions } from '../sessions/live-sessions.js';
import type { AccessClaims, TokenService } from '../tokens/token-service.js';

export interface ActiveToken {
  claims: AccessClaims;
  session: SessionRecord;
}

/** The token's claims and session when both are valid and active, else undefined. */
export async function activeToken(sessions: LiveSessions, tokens: TokenService, logger: Logger, token: string): Promise<ActiveToken | undefined> {
  const end = introspectionDuration.startTimer();
  let result = 'active';
  try {
    const claims = await tokens.verify(token).catch(() => undefined);
    if (!claims) {
      result = 'invalid_token';
      return undefined;
    }
    const session = await sessions.get(claims.sid);
    if (!session || session.subjectId !== claims.sub || session.userType !== claims.userType || !isActive(session, Date.now())) {
      result = 'inactive_session';
      return undefined;
    }
    return { claims, session };
  } catch (error) {
    // The session cannot be read (its store is down): nothing is granted, but the answer says so —
    // 503 with Retry-After, not "inactive", which would tell callers to drop a valid session.
    result = 'error';
    logger.warn('introspection failed; answering 503', { error: String(error) });
    throw new AppError('unavailable', ERROR_CODES.dependencyUnavailable, 'The token cannot be checked right now; retry shortly.', { retryAfter: 1, cause: error });
  } finally {
    tokenValidationsTotal.inc({ result });
    end();
  }
}

export function introspectionResponse(active: ActiveToken | undefined): IntrospectionResponse {
  if (!active) return { active: false };
  const { claims } = active;
  return {
    active: true,
    sub: claims.sub,
    sid: claims.sid,
    userType: claims.userType,
    exp: claims.exp,
    iat: claims.iat,
    iss: claims.iss,
    aud: claims.aud,
    jti: claims.jti,
    permissions: claims.permissions,
  };
}
