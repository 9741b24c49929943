// Auth's hot paths as loads: introspection (through the sidecar and on auth's own port) and its
// floor, a raw jose.jwtVerify of the same token; refresh; login. The client signs customers up and in.
import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { Platform } from '../platform.js';
import { closedLoop, httpLoad } from '../load.js';
import type { LoadResult } from '../stats.js';
import { PASSWORD, type LoadSettings } from './registration.js';

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

async function post<T>(url: string, token: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'dapr-api-token': token, ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
}

export function authClient(platform: Platform) {
  const customer = platform.apps.customer;
  const auth = platform.apps.auth;
  return {
    /** A new customer; a failed attempt (a busy app's 503) is retried with a fresh email, and reported. */
    async customer(tag: string): Promise<string> {
      let last = '';
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const email = `auth.${tag}.${randomUUID()}@bench.example.com`;
        const res = await post<{ code?: string }>(
          `${customer.daprUrl}/v1.0/invoke/customer/method/v1/customers`,
          customer.daprApiToken,
          { email, password: PASSWORD, firstName: 'Auth', lastName: 'Bench' },
          // A sidecar retry of a slow registration then answers 201, not 409.
          { 'idempotency-key': `bench-${randomUUID()}` },
        );
        if (res.status === 201) return email;
        last = `${res.status} ${res.body?.code ?? ''}`;
        console.log(`  (registration of a bench customer answered ${last}; retrying with another email)`);
      }
      throw new Error(`registration failed: ${last}`);
    },
    async login(email: string): Promise<Tokens> {
      const res = await post<Tokens>(`${auth.daprUrl}/v1.0/invoke/auth/method/v1/auth/login`, auth.daprApiToken, { userType: 'customer', email, password: PASSWORD });
      if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
      return res.body;
    },
    async refresh(tokens: Tokens): Promise<Tokens> {
      const res = await post<Tokens>(`${auth.daprUrl}/v1.0/invoke/auth/method/v1/auth/refresh`, auth.daprApiToken, { refreshToken: tokens.refreshToken });
      if (res.status !== 200) throw new Error(`refresh failed: ${res.status}`);
      return res.body;
    },
  };
}

/** A new customer's access token, the one the introspection loads present. */
export async function signedInToken(platform: Platform, tag: string): Promise<string> {
  const client = authClient(platform);
  return (await client.login(await client.customer(tag))).accessToken;
}

/** Through auth's sidecar, as the other apps introspect. */
export function introspectionViaSidecar(platform: Platform, settings: LoadSettings, token: string): Promise<LoadResult> {
  const body = JSON.stringify({ token });
  return httpLoad({
    name: 'POST /v1/auth/introspect via sidecar',
    url: `${platform.apps.auth.daprUrl}/v1.0/invoke/auth/method/v1/auth/introspect`,
    headers: { 'dapr-api-token': platform.apps.auth.daprApiToken },
    body: () => body,
    ...settings,
  });
}

/** On auth's own port (a public route, no sidecar token): auth's own cost without the hop. */
export function introspectionOwnPort(platform: Platform, settings: LoadSettings, token: string): Promise<LoadResult> {
  const body = JSON.stringify({ token });
  return httpLoad({ name: "POST /v1/auth/introspect on auth's own port", url: `${platform.apps.auth.appUrl}/v1/auth/introspect`, headers: {}, body: () => body, ...settings });
}

/** The floor of both: a raw jose.jwtVerify of the same token with auth's published keys. */
export async function jwtVerifyFloor(platform: Platform, settings: LoadSettings, token: string): Promise<LoadResult> {
  const jwks = createLocalJWKSet((await (await fetch(`${platform.apps.auth.appUrl}/.well-known/jwks.json`)).json()) as { keys: [] });
  return closedLoop('raw jose.jwtVerify, same token (baseline)', settings.connections, settings.seconds, async () => undefined, async () => {
    await jwtVerify(token, jwks, { algorithms: ['ES256'], issuer: 'urn:idp:auth', audience: 'urn:idp:platform' });
  });
}

export async function refreshes(platform: Platform, settings: LoadSettings, tag: string): Promise<LoadResult> {
  const client = authClient(platform);
  return closedLoop('POST /v1/auth/refresh via sidecar (rotation)', settings.connections, settings.seconds, async (i) => client.login(await client.customer(`${tag}.r${i}`)), (tokens) => client.refresh(tokens));
}

/** Logins of existing customers; their bound is verifyBound (password-bounds.ts). */
export async function logins(platform: Platform, settings: LoadSettings, tag: string): Promise<LoadResult> {
  const client = authClient(platform);
  return closedLoop('POST /v1/auth/login via sidecar', settings.connections, settings.seconds, (i) => client.customer(`${tag}.l${i}`), async (email) => {
    await client.login(email);
    return email;
  });
}
