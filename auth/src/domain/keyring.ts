// The signing key ring: the current key signs, the previous one still verifies until the next
// rotation, so tokens signed just before a rotation stay valid for their whole lifetime (the rotation
// interval is checked to exceed the access-token lifetime at start).

export interface StoredKey {
  kid: string;
  alg: 'ES256';
  privateJwk: Record<string, unknown>;
  publicJwk: Record<string, unknown>;
  createdAt: number;
}

export interface KeyRing {
  current: StoredKey;
  previous: StoredKey | null;
  rotatedAt: number;
}

export const SIGNING_ALGORITHM = 'ES256' as const;

export function startRing(key: StoredKey, now: number): KeyRing {
  return { current: key, previous: null, rotatedAt: now };
}

export function rotateRing(ring: KeyRing, next: StoredKey, now: number): KeyRing {
  return { current: next, previous: ring.current, rotatedAt: now };
}

export const verificationKeys = (ring: KeyRing): StoredKey[] => (ring.previous ? [ring.current, ring.previous] : [ring.current]);
