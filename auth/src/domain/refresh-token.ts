// Opaque refresh tokens: `<sessionId>.<secret>`. The session id routes the token to its session
// actor without a lookup; only the SHA-256 of the secret is ever stored.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

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

export interface PresentedToken {
  sessionId: string;
  hash: string;
  /** Kept in memory only, to seal or open the answer of a refresh repeated within the grace window. */
  secret: string;
}

export function parseRefreshToken(token: string): PresentedToken | null {
  const match = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{20,128})$/.exec(token);
  return match ? { sessionId: match[1]!, hash: hashSecret(match[2]!), secret: match[2]! } : null;
}

// The answer of a refresh, kept for the grace window, is sealed (AES-256-GCM) with a key derived
// from the presented token's secret: the store holds only that token's SHA-256, from which the key
// cannot be derived, so what it keeps is of no use to anyone who reads it; the client that repeats
// the exact request can open it.
const SEAL_INFO = 'idp refresh replay v1';

const sealKey = (secret: string, sessionId: string): Buffer => Buffer.from(hkdfSync('sha256', secret, sessionId, SEAL_INFO, 32));

export function sealAnswer(presented: PresentedToken, answer: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(presented.secret, presented.sessionId), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(answer), 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
}

/** The sealed answer, or null when it was not sealed for this token (or was altered). */
export function openAnswer<T>(presented: PresentedToken, sealed: string): T | null {
  const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !body) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealKey(presented.secret, presented.sessionId), iv);
    decipher.setAuthTag(tag);
    return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')) as T;
  } catch {
    return null;
  }
}
