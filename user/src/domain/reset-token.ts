// Admin-issued password reset tokens: `<userId>.<secret>`, so the public reset route finds the
// account without a lookup table; only the secret's sha256 is stored, and it works once, until it
// expires. Pure but for the random bytes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PasswordReset } from './user.js';

export const hashResetSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function newResetToken(userId: string): { token: string; tokenHash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { token: `${userId}.${secret}`, tokenHash: hashResetSecret(secret) };
}

export function parseResetToken(token: string): { userId: string; secret: string } | null {
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return null;
  const userId = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  return /^[A-Za-z0-9_-]{1,64}$/.test(userId) && /^[A-Za-z0-9_-]{20,}$/.test(secret) ? { userId, secret } : null;
}

export type ResetCheck = 'valid' | 'invalid' | 'expired';

export function checkResetSecret(reset: PasswordReset | undefined, secret: string, now: Date): ResetCheck {
  if (!reset) return 'invalid';
  const given = Buffer.from(hashResetSecret(secret), 'hex');
  if (!timingSafeEqual(given, Buffer.from(reset.tokenHash, 'hex'))) return 'invalid';
  return now.getTime() < Date.parse(reset.expiresAt) ? 'valid' : 'expired';
}
