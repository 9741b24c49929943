import { expect } from 'chai';
import type { DaprClient } from '../../src/dapr.js';
import { bearerToken, principalFromIntrospection, remoteVerifier } from '../../src/authentication.js';
import { AppError } from '../../src/errors.js';

function fakeAuth(answers: (() => Response)[]): { dapr: DaprClient; calls: () => number } {
  let calls = 0;
  const dapr = { invoke: async () => answers[Math.min(calls++, answers.length - 1)]!() } as unknown as DaprClient;
  return { dapr, calls: () => calls };
}

const active = (exp = Math.floor(Date.now() / 1000) + 600) => () => Response.json({ active: true, sub: 'c1', sid: 's1', userType: 'customer', exp, permissions: ['x'] });
const inactive = () => Response.json({ active: false });

describe('bearer authentication helpers', () => {
  it('when the Authorization header carries a bearer token, then it is extracted; anything else is not', () => {
    expect(bearerToken('Bearer abc.def.ghi')).to.equal('abc.def.ghi');
    expect(bearerToken('bearer abc')).to.equal('abc');
    expect(bearerToken('Basic abc')).to.equal(undefined);
    expect(bearerToken('Bearer ')).to.equal(undefined);
    expect(bearerToken(undefined)).to.equal(undefined);
  });

  it('when introspection says active, then the principal carries subject, user type, session and permissions', () => {
    expect(principalFromIntrospection({ active: true, sub: 'c1', sid: 's1', userType: 'customer', exp: 9, permissions: ['p'] })).to.deep.equal({
      subjectId: 'c1',
      userType: 'customer',
      sessionId: 's1',
      permissions: ['p'],
      expiresAt: 9,
    });
    expect(principalFromIntrospection({ active: false })).to.equal(undefined);
  });

  it('when the same active token is checked twice within the cache bound, then auth is asked once', async () => {
    const auth = fakeAuth([active()]);
    const verify = remoteVerifier(auth.dapr, { cacheSeconds: 5 });
    expect(await verify('t')).to.include({ subjectId: 'c1' });
    expect(await verify('t')).to.include({ subjectId: 'c1' });
    expect(auth.calls()).to.equal(1);
  });

  it('when caching is off or the answer was inactive, then auth is asked every time', async () => {
    const off = fakeAuth([active()]);
    const verifyOff = remoteVerifier(off.dapr, { cacheSeconds: 0 });
    await verifyOff('t');
    await verifyOff('t');
    expect(off.calls()).to.equal(2);

    const revoked = fakeAuth([inactive]);
    const verify = remoteVerifier(revoked.dapr, { cacheSeconds: 5 });
    expect(await verify('t')).to.equal(undefined);
    expect(await verify('t')).to.equal(undefined);
    expect(revoked.calls()).to.equal(2);
  });

  it('when auth cannot answer, then verification fails closed with 503, never with a principal', async () => {
    const down = fakeAuth([() => new Response('boom', { status: 500 })]);
    const error = await remoteVerifier(down.dapr, { cacheSeconds: 5 })('t').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(AppError).with.property('status', 503);
  });
});
