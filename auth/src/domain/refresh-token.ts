// Opaque refresh tokens: `<sessionId>.<secret>`. The session id routes the token to its session
// actor without a lookup; only the SHA-256 of the secret is ever stored.
import { createHash, randomBytes } from 'node:crypto';

export interface RefreshToken {
  token: string;
  sessionId: string;
  hash: string;
}

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

export function newRefreshToken(sessionId: string): RefreshToken {
  const secret = randomBytes(32).toString('base64url');
  return { token: `${sessionId}.${secret}`, sessionId, hash: hashSecret(secret) };
}

export function parseRefreshToken(token: string): { sessionId: string; hash: string } | null {
  const match = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{20,128})$/.exec(token);
  return match ? { sessionId: match[1]!, hash: hashSecret(match[2]!) } : null;
}
