import { expect } from 'chai';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { startRing, type KeyRing } from '../../src/domain/keyring.js';
import { generateSigningKey } from '../../src/tokens/keys.js';
import { TokenService } from '../../src/tokens/token-service.js';

const settings = { issuer: 'urn:test:auth', audience: 'urn:test:platform', accessTokenTtlSeconds: 900 };

async function service(): Promise<{ tokens: TokenService; ring: KeyRing }> {
  const ring = startRing(await generateSigningKey(Date.now()), Date.now());
  return { tokens: new TokenService({ current: async () => ring, reload: async () => ring }, settings), ring };
}

describe('access tokens', () => {
  it('when a token is issued, then jose verifies it against the published key with every claim in place', async () => {
    const { tokens, ring } = await service();
    const { token, exp } = await tokens.issue({ sub: 'c1', sid: 's1', userType: 'customer', permissions: ['customers:read'] });
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet({ keys: [ring.current.publicJwk] }), { algorithms: ['ES256'], issuer: settings.issuer, audience: settings.audience });
    expect(protectedHeader).to.deep.equal({ alg: 'ES256', kid: ring.current.kid, typ: 'at+jwt' });
    expect(payload).to.include({ sub: 'c1', sid: 's1', user_type: 'customer', exp });
    expect(payload.perms).to.deep.equal(['customers:read']);
    expect(payload.jti).to.be.a('string');
    expect(await tokens.verify(token)).to.include({ sub: 'c1', sid: 's1', userType: 'customer' });
  });

  it('when a token is tampered with, then it does not verify, also after the genuine one was verified', async () => {
    const { tokens } = await service();
    const { token } = await tokens.issue({ sub: 'c1', sid: 's1', userType: 'customer', permissions: [] });
    await tokens.verify(token);
    const [header, payload, signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), perms: ['users:admin'] })).toString('base64url');
    const flipped = `${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const forged of [`${header}.${forgedPayload}.${signature}`, `${header}.${payload}.${flipped}`]) {
      const error = await tokens.verify(forged).then(() => undefined, (e: unknown) => e);
      expect(error, forged).to.have.property('code', 'invalid_token');
    }
  });

  it('when a verified token expires, then it no longer verifies', async () => {
    const { tokens } = await service();
    const issuedAt = Date.now() - 899_000;
    const { token } = await tokens.issue({ sub: 'c1', sid: 's1', userType: 'customer', permissions: [] }, issuedAt);
    expect(await tokens.verify(token)).to.include({ sub: 'c1' });
    const error = await tokens.verify(token, issuedAt + 901_000).then(() => undefined, (e: unknown) => e);
    expect(error).to.have.property('code', 'invalid_token');
  });
});
