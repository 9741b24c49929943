// Access tokens: every forged or foreign token is rejected, key rotation keeps old tokens valid,
// introspection fails closed, sessions end on their own, and another app's middleware follows auth.
import { expect } from 'chai';
import { generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { invoke, scrapeMetrics, sidecar } from '../harness/clients.js';
import { eventually } from '../harness/http.js';
import { bearer, decodeJwt, introspect, loggedIn, registeredCustomer } from '../harness/identities.js';

async function currentSigningKey(): Promise<{ kid: string; privateJwk: JWK }> {
  const ring = (await sidecar('auth', '/v1.0/actors/KeyRingActor/platform/state/keyring')).body;
  return { kid: ring.current.kid, privateJwk: ring.current.privateJwk };
}

async function forge(claims: Record<string, unknown>, options: { kid?: string; aud?: string; exp?: number } = {}): Promise<string> {
  const key = await currentSigningKey();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? key.kid })
    .setIssuer('urn:idp:auth')
    .setAudience(options.aud ?? 'urn:idp:platform')
    .setIssuedAt(now - 60)
    .setExpirationTime(options.exp ?? now + 600)
    .setJti('forged')
    .sign(await importJWK(key.privateJwk, 'ES256'));
}

describe('access token validation', () => {
  it('when a token is expired, tampered with, unsigned, HS256-signed with the public key, of an unknown kid, or for another audience, then it is inactive', async () => {
    const customer = await registeredCustomer('forged');
    const real = await loggedIn(customer.email);
    const claims = { sub: customer.id, sid: real.sessionId, user_type: 'customer', perms: [] };
    expect(await introspect(await forge(claims))).to.include({ active: true }, 'the forging key itself is right');

    const [h, p, s] = real.accessToken.split('.');
    const payload = decodeJwt(real.accessToken).payload;
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: 'someone-else' })).toString('base64url')}.${s}`;
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    const publicJwk = (await invoke('auth', 'auth', '.well-known/jwks.json')).body.keys[0];
    const hsConfusion = await new SignJWT(payload).setProtectedHeader({ alg: 'HS256', kid: publicJwk.kid }).sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
    const stranger = await generateKeyPair('ES256');
    const unknownKid = await new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: 'not-ours' }).sign(stranger.privateKey);
    const wrongKey = await new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: publicJwk.kid }).sign(stranger.privateKey);

    const rejected = {
      expired: await forge(claims, { exp: Math.floor(Date.now() / 1000) - 5 }),
      wrongAudience: await forge(claims, { aud: 'urn:somebody:else' }),
      otherSubjectsSession: await forge({ ...claims, sub: 'another-subject' }),
      tampered,
      none,
      hsConfusion,
      unknownKid,
      wrongKey,
      garbage: 'not.a.jwt',
    };
    for (const [name, token] of Object.entries(rejected)) expect(await introspect(token), name).to.deep.equal({ active: false });
    expect((await invoke('auth', 'auth', 'v1/auth/sessions', { headers: bearer(none) })).status).to.equal(401);
  });

  it('when the signing key rotates, then tokens signed before stay valid, new ones use the new kid, and the JWKS serves both', async () => {
    const customer = await registeredCustomer('rotation');
    const before = await loggedIn(customer.email);
    const rotated = await sidecar('auth', '/v1.0/invoke/auth/method/internal/keys/rotate', { method: 'POST' });
    expect(rotated.status).to.equal(200);

    const after = await loggedIn(customer.email);
    expect(decodeJwt(after.accessToken).header.kid).to.equal(rotated.body.current);
    expect(decodeJwt(before.accessToken).header.kid).to.equal(rotated.body.previous);
    expect(await introspect(before.accessToken)).to.include({ active: true });
    expect(await introspect(after.accessToken)).to.include({ active: true });
    const kids = ((await invoke('auth', 'auth', '.well-known/jwks.json')).body.keys as { kid: string }[]).map((k) => k.kid);
    expect(kids).to.deep.equal([rotated.body.current, rotated.body.previous]);
    // Scheduled rotation: the key ring's reminder exists in the scheduler.
    const reminder = await sidecar('auth', '/v1.0/actors/KeyRingActor/platform/reminders/rotate-signing-key');
    expect(reminder.status).to.equal(200);
    expect(reminder.body.period).to.be.a('string');
  });
});

describe('session expiry', () => {
  it('when a session stays idle past its timeout, then it is inactive and its reminder removes it, counted in auth_sessions_cleaned_total', async () => {
    const cleaned = async () => {
      const text = await scrapeMetrics('auth');
      return [...text.matchAll(/^auth_sessions_cleaned_total\{[^}]*reason="idle_timeout"[^}]*\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    };
    const before = await cleaned();
    const customer = await registeredCustomer('idle');
    const tokens = await loggedIn(customer.email);
    expect(await introspect(tokens.accessToken)).to.include({ active: true });

    await eventually('the session to idle out', () => introspect(tokens.accessToken), (r) => r.active === false, 40_000);
    await eventually('the reminder to remove the session', async () => (await sidecar('auth', `/v1.0/state/auth-store/session:${tokens.sessionId}`)).status, (s) => s === 204, 30_000);
    expect(await cleaned()).to.be.greaterThan(before);
  });
});

describe('the bearer middleware on another app (customer)', () => {
  it("when a customer calls GET /v1/customers/me, then the token is checked with auth, and a revoked session is refused within the cache bound", async () => {
    const customer = await registeredCustomer('me');
    const tokens = await loggedIn(customer.email);

    const me = await invoke('customer', 'customer', 'v1/customers/me', { headers: bearer(tokens.accessToken) });
    expect(me.status).to.equal(200);
    expect(me.body).to.include({ id: customer.id, email: customer.email });
    expect((await invoke('customer', 'customer', 'v1/customers/me')).status).to.equal(401);
    expect((await invoke('customer', 'customer', 'v1/customers/me', { headers: bearer('not.a.token') })).status).to.equal(401);

    expect((await invoke('auth', 'auth', 'v1/auth/logout', { method: 'POST', headers: bearer(tokens.accessToken) })).status).to.equal(204);
    // Auth re-reads a session within SESSION_CACHE_MS (0.5 s) and the customer app reuses an "active"
    // answer for AUTH_INTROSPECTION_CACHE_SECONDS (0.5 s): inactive everywhere within 1 s.
    const refusedAt = Date.now();
    await eventually('customer to refuse the revoked token', async () => (await invoke('customer', 'customer', 'v1/customers/me', { headers: bearer(tokens.accessToken) })).status, (s) => s === 401, 10_000);
    expect(Date.now() - refusedAt).to.be.below(1_500);
  });
});
