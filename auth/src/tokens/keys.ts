import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { SIGNING_ALGORITHM, type StoredKey } from '../domain/keyring.js';

export async function generateSigningKey(now: number): Promise<StoredKey> {
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
  const kid = randomUUID();
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALGORITHM, use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALGORITHM, use: 'sig' };
  return { kid, alg: SIGNING_ALGORITHM, privateJwk, publicJwk, createdAt: now };
}
