// Access tokens: short-lived JWTs signed with the key ring's current ES256 key (`kid` in the header).
// Verification pins the algorithm list and checks signature, exp, iss and aud; any failure is one
// AppError `invalid_token` (jose's codes stay in the logs, not in the answer).
import { createPrivateKey, randomUUID, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { importJWK, jwtVerify, type CryptoKey, type JWTPayload, type JWSHeaderParameters } from 'jose';
import { AppError } from '@idp/common';
import { ERROR_CODES, type UserType } from '@idp/proto';
import { SIGNING_ALGORITHM, verificationKeys, type KeyRing, type StoredKey } from '../domain/keyring.js';

export interface KeyRingSource {
  /** The ring as last loaded (loads it the first time). */
  current(): Promise<KeyRing>;
  /** Reloads the ring, e.g. when a token names a kid not seen yet (another replica rotated). */
  reload(): Promise<KeyRing>;
}

export interface AccessClaims {
  sub: string;
  sid: string;
  userType: UserType;
  permissions: string[];
  exp: number;
  iat: number;
  jti: string;
  iss: string;
  aud: string;
}

export interface TokenSettings {
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
}

const base64url = (part: object): string => Buffer.from(JSON.stringify(part)).toString('base64url');

export const invalidToken = (): AppError => new AppError('unauthorized', ERROR_CODES.invalidToken, 'The access token is not valid.');

/** Tokens whose signature was checked, kept until they expire: a signature check costs ~0.1–0.3 ms
 * of CPU and introspection sees the same token many times. Bounded; the oldest go first. */
const VERIFIED_TOKENS_MAX = 20_000;

export class TokenService {
  private readonly imported = new Map<string, CryptoKey>();
  private readonly signingKeys = new Map<string, KeyObject>();
  private readonly verified = new Map<string, { claims: AccessClaims; kid: string }>();

  constructor(
    private readonly keys: KeyRingSource,
    private readonly settings: TokenSettings,
  ) {}

  private async key(stored: StoredKey, which: 'privateJwk' | 'publicJwk'): Promise<CryptoKey> {
    const cacheKey = `${stored.kid}:${which}`;
    let key = this.imported.get(cacheKey);
    if (!key) {
      key = (await importJWK(stored[which], SIGNING_ALGORITHM)) as CryptoKey;
      this.imported.set(cacheKey, key);
    }
    return key;
  }

  private signingKey(stored: StoredKey): KeyObject {
    let key = this.signingKeys.get(stored.kid);
    if (!key) {
      key = createPrivateKey({ key: stored.privateJwk as JsonWebKey, format: 'jwk' });
      this.signingKeys.set(stored.kid, key);
    }
    return key;
  }

  /** Signs with node:crypto directly (JWS compact, ES256 as IEEE P1363 r||s): jose signs through
   * WebCrypto, whose async jobs were the largest single item of a refresh in the auth profile.
   * Verification stays with jose. */
  async issue(subject: { sub: string; sid: string; userType: UserType; permissions: string[] }, now = Date.now()): Promise<{ token: string; expiresIn: number; exp: number }> {
    const ring = await this.keys.current();
    const iat = Math.floor(now / 1000);
    const exp = iat + this.settings.accessTokenTtlSeconds;
    const header = { alg: SIGNING_ALGORITHM, kid: ring.current.kid, typ: 'at+jwt' };
    const payload = { sid: subject.sid, user_type: subject.userType, perms: subject.permissions, sub: subject.sub, iss: this.settings.issuer, aud: this.settings.audience, iat, exp, jti: randomUUID() };
    const signingInput = `${base64url(header)}.${base64url(payload)}`;
    const signature = sign('sha256', Buffer.from(signingInput), { key: this.signingKey(ring.current), dsaEncoding: 'ieee-p1363' });
    return { token: `${signingInput}.${signature.toString('base64url')}`, expiresIn: this.settings.accessTokenTtlSeconds, exp };
  }

  private async verificationKey(header: JWSHeaderParameters): Promise<CryptoKey> {
    if (!header.kid) throw invalidToken();
    let stored = verificationKeys(await this.keys.current()).find((k) => k.kid === header.kid);
    if (!stored) stored = verificationKeys(await this.keys.reload()).find((k) => k.kid === header.kid);
    if (!stored) throw invalidToken();
    return this.key(stored, 'publicJwk');
  }

  /** Throws AppError invalid_token for anything but a well-formed, unexpired token of ours. */
  async verify(token: string, now = Date.now()): Promise<AccessClaims> {
    const known = this.verified.get(token);
    if (known) {
      // Still unexpired, and its key still one the ring verifies with (a retired key ends it).
      if (known.claims.exp * 1000 > now && verificationKeys(await this.keys.current()).some((k) => k.kid === known.kid)) return known.claims;
      this.verified.delete(token);
    }
    let kid = '';
    const claims = await this.verifySignature(token, now, (header) => {
      kid = header.kid ?? '';
      return this.verificationKey(header);
    });
    if (this.verified.size >= VERIFIED_TOKENS_MAX) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { claims, kid });
    return claims;
  }

  private async verifySignature(token: string, now: number, key: (header: JWSHeaderParameters) => Promise<CryptoKey>): Promise<AccessClaims> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        algorithms: [SIGNING_ALGORITHM],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        requiredClaims: ['sub', 'sid', 'exp', 'iat', 'jti'],
        currentDate: new Date(now),
      }));
    } catch {
      throw invalidToken();
    }
    const { sub, sid, user_type, perms, exp, iat, jti } = payload as JWTPayload & { sid: unknown; user_type: unknown; perms: unknown };
    if (typeof sid !== 'string' || typeof user_type !== 'string' || !Array.isArray(perms)) throw invalidToken();
    return {
      sub: sub!,
      sid,
      userType: user_type as UserType,
      permissions: perms.filter((p): p is string => typeof p === 'string'),
      exp: exp!,
      iat: iat!,
      jti: jti!,
      iss: this.settings.issuer,
      aud: this.settings.audience,
    };
  }

  async jwks(): Promise<{ keys: Record<string, unknown>[] }> {
    return { keys: verificationKeys(await this.keys.current()).map((k) => k.publicJwk) };
  }
}
