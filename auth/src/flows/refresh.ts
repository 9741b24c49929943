// Refresh: the token routes itself to its session's actor, which rotates it (or detects reuse and
// revokes the session); a new access token is issued for the rotated session.
import { AppError, unwrap, type DaprClient, type Result } from '@idp/common';
import { ERROR_CODES, type RefreshRequest, type TokenResponse } from '@idp/proto';
import { ACTORS } from '../actors/names.js';
import type { SessionSummary } from '../actors/SessionActor.js';
import { newRefreshToken, parseRefreshToken } from '../domain/refresh-token.js';
import { refreshesTotal } from '../metrics.js';
import type { TokenService } from '../tokens/token-service.js';

export async function refresh(dapr: DaprClient, tokens: TokenService, request: RefreshRequest): Promise<TokenResponse> {
  try {
    const presented = parseRefreshToken(request.refreshToken);
    if (!presented) throw new AppError('unauthorized', ERROR_CODES.invalidRefreshToken, 'The refresh token is not valid.');
    const next = newRefreshToken(presented.sessionId);
    const session = unwrap(
      await dapr.invokeActor<Result<SessionSummary>>(ACTORS.session, presented.sessionId, 'refresh', {
        presentedHash: presented.hash,
        nextHash: next.hash,
        deviceId: request.deviceId ?? null,
      }),
    );
    const access = await tokens.issue({ sub: session.subjectId, sid: session.sessionId, userType: session.userType, permissions: session.permissions });
    refreshesTotal.inc({ result: 'success' });
    return { accessToken: access.token, refreshToken: next.token, tokenType: 'Bearer', expiresIn: access.expiresIn, sessionId: session.sessionId };
  } catch (error) {
    refreshesTotal.inc({ result: error instanceof AppError ? error.code : 'error' });
    throw error;
  }
}
