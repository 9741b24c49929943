// Test identities: a registered customer and logins through auth (via auth's own sidecar).
import { expect } from 'chai';
import { invoke, uniqueEmail } from './clients.js';
import { eventually } from './http.js';
import { TEST_ADMIN } from './runtime.js';

export const PASSWORD = 'correct horse battery';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: string;
  expiresIn: number;
  sessionId: string;
}

export async function registeredCustomer(tag: string): Promise<{ id: string; email: string }> {
  const email = uniqueEmail(tag);
  const res = await invoke('customer', 'customer', 'v1/customers', { method: 'POST', body: { email, password: PASSWORD, firstName: 'Test', lastName: tag } });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return { id: res.body.id, email };
}

export const loginRequest = (email: string, password = PASSWORD, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  invoke('auth', 'auth', 'v1/auth/login', { method: 'POST', body: { userType: 'customer', email, password, ...extra }, headers });

export async function loggedIn(email: string, extra: Record<string, unknown> = {}): Promise<TokenPair> {
  const res = await loginRequest(email, PASSWORD, extra);
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return res.body as TokenPair;
}

export const introspect = async (token: string) => (await invoke('auth', 'auth', 'v1/auth/introspect', { method: 'POST', body: { token } })).body;

export const refreshRequest = (refreshToken: string, extra: Record<string, unknown> = {}) =>
  invoke('auth', 'auth', 'v1/auth/refresh', { method: 'POST', body: { refreshToken, ...extra } });

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header, payload] = token.split('.');
  return { header: JSON.parse(Buffer.from(header!, 'base64url').toString()), payload: JSON.parse(Buffer.from(payload!, 'base64url').toString()) };
}

/** A signed-in bootstrap administrator (the user app creates it at start; wait until it has). */
export async function adminSession(): Promise<TokenPair> {
  const res = await eventually(
    'the bootstrap administrator to sign in',
    () => invoke('auth', 'auth', 'v1/auth/login', { method: 'POST', body: { userType: 'admin', email: TEST_ADMIN.email, password: TEST_ADMIN.password } }),
    (r) => r.status === 200,
    60_000,
  );
  return res.body as TokenPair;
}

export const STAFF_PASSWORD = 'staff passphrase 1';

/** A new staff account with these roles, created by the bootstrap admin, and signed in. */
export async function staffSession(roles: string[], userType: 'admin' | 'shipper' = 'admin'): Promise<TokenPair & { id: string; email: string }> {
  const admin = await adminSession();
  const email = uniqueEmail(`staff-${roles.join('-')}`);
  const created = await invoke('user', 'user', 'v1/users', {
    method: 'POST',
    body: { email, password: STAFF_PASSWORD, firstName: 'Staff', lastName: roles.join(' '), userType, roles },
    headers: bearer(admin.accessToken),
  });
  expect(created.status, JSON.stringify(created.body)).to.equal(201);
  const login = await invoke('auth', 'auth', 'v1/auth/login', { method: 'POST', body: { userType, email, password: STAFF_PASSWORD } });
  expect(login.status, JSON.stringify(login.body)).to.equal(200);
  return { ...(login.body as TokenPair), id: created.body.id, email };
}

let cachedAdmin: { token: string; at: number } | undefined;

/** An administrator's access token for long tests: sessions idle out after 20 s in tests, so a
 * token older than a few seconds is replaced by a new sign-in. */
export async function adminToken(): Promise<string> {
  if (!cachedAdmin || Date.now() - cachedAdmin.at > 8_000) cachedAdmin = { token: (await adminSession()).accessToken, at: Date.now() };
  return cachedAdmin.token;
}
