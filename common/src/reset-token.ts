// Staff-issued password reset tokens (staff accounts and customers alike): `<accountId>.<secret>`,
// so the public reset route finds the account without a lookup table; only the secret's sha256 is
// stored, and it works once, until it expires. Pure but for the random bytes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ERROR_CODES } from '@idp/proto';
import { AppError } from './errors.js';

/** A pending reset as the account keeps it. */
export interface PasswordReset {
  /** sha256 of the token; the token itself went only to the staff member who issued it. */
  tokenHash: string;
  expiresAt: string;
  issuedBy: string;
}

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

/** One answer for a wrong, used, expired or unknown token: the route reveals nothing about accounts. */
export const invalidResetToken = (askFor: string): AppError =>
  new AppError('invalid', ERROR_CODES.invalidResetToken, `The reset token is not valid (wrong, used or expired). Ask ${askFor} for a new one.`, {
    errors: [{ pointer: '/token', detail: 'is not valid' }],
  });
