// Password hashing with scrypt (node:crypto, memory-hard). The stored form carries its parameters
// so they can be raised later without breaking existing hashes.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    scryptCallback(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key)));
  });

/** OWASP's minimum for scrypt (Password Storage Cheat Sheet): N=2^17, r=8, p=1 — 128 MiB and
 * ~0.2 s of one core per hash on the bench machine. Hashes made with less (the platform used
 * N=2^14 before) still verify, and are re-hashed at this cost on the next successful sign-in. */
export const PASSWORD_HASH_PARAMS = { N: 131072, r: 8, p: 1, keylen: 32 } as const;

/** scrypt needs 128·N·r bytes (plus a little per p); node refuses more than 32 MiB unless told. */
const maxmemFor = (N: number, r: number, p: number): number => 128 * N * r + 128 * r * p + 16 * 1024 * 1024;

interface StoredHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parseStored(stored: string): StoredHash | undefined {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key || rest.length) return undefined;
  const [N, R, P] = [Number(n), Number(r), Number(p)];
  if (![N, R, P].every(Number.isSafeInteger) || N > 2 ** 20 || R > 32 || P > 16) return undefined;
  return { N, r: R, p: P, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p, keylen } = PASSWORD_HASH_PARAMS;
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFKC'), salt, keylen, { N, r, p, maxmem: maxmemFor(N, r, p) });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored);
  if (!parsed) return false;
  const { N, r, p, salt, key } = parsed;
  const actual = await scrypt(password.normalize('NFKC'), salt, key.length, { N, r, p, maxmem: maxmemFor(N, r, p) });
  return timingSafeEqual(actual, key);
}

/** True for a hash made at less than today's cost: re-hash it once the password is known. */
export function needsRehash(stored: string): boolean {
  const parsed = parseStored(stored);
  const { N, r, p } = PASSWORD_HASH_PARAMS;
  return !parsed || parsed.N < N || parsed.r < r || parsed.p < p;
}

/** A fixed hash to verify against when the identity does not exist, so timing reveals nothing. */
export const DUMMY_PASSWORD_HASH = `scrypt$${PASSWORD_HASH_PARAMS.N}$${PASSWORD_HASH_PARAMS.r}$${PASSWORD_HASH_PARAMS.p}$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`;
