// Test identities: a registered customer and logins through auth (via auth's own sidecar).
import { expect } from 'chai';
import { invoke, uniqueEmail } from './clients.js';

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

export const loginRequest = (email: string, password = PASSWORD, extra: Record<string, unknown> = {}) =>
  invoke('auth', 'auth', 'v1/auth/login', { method: 'POST', body: { userType: 'customer', email, password, ...extra } });

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
