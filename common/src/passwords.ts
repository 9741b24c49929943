// Password hashing with scrypt (node:crypto, memory-hard). The stored form carries its parameters
// so they can be raised later without breaking existing hashes.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Bulkhead } from './bulkhead.js';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    scryptCallback(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key)));
  });

const PARAMS = { N: 16384, r: 8, p: 1, keylen: 32 };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFKC'), salt, PARAMS.keylen, { N: PARAMS.N, r: PARAMS.r, p: PARAMS.p });
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

/** Password hashing behind a bulkhead: scrypt costs ~50 ms of CPU, so unbounded parallel hashing
 * starves everything else in the process (and the sidecar's health probes) under a burst. */
export class PasswordHasher {
  private readonly bulkhead: Bulkhead;

  constructor(options: { maxConcurrent?: number; maxQueued?: number } = {}) {
    this.bulkhead = new Bulkhead(options.maxConcurrent ?? availableParallelism(), options.maxQueued ?? 64);
  }

  hash(password: string): Promise<string> {
    return this.bulkhead.run(() => hashPassword(password));
  }

  verify(password: string, stored: string): Promise<boolean> {
    return this.bulkhead.run(() => verifyPassword(password, stored));
  }
}

/** A fixed hash to verify against when the identity does not exist, so timing reveals nothing. */
export const DUMMY_PASSWORD_HASH =
  'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
