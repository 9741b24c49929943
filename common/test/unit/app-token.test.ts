import { expect } from 'chai';
import type { NextFunction, Request, Response } from 'express';
import { isOpenPath, requireAppToken, requireScrapeToken } from '../../src/app-token.js';
import { requireAuth } from '../../src/authentication.js';
import { AppError } from '../../src/errors.js';

function run(path: string, token: string | undefined, expected = 'secret'): unknown {
  let passed: unknown = 'not called';
  const req = { path, header: (name: string) => (name === 'dapr-api-token' ? token : undefined) } as unknown as Request;
  requireAppToken(expected)(req, { locals: {} } as unknown as Response, ((error?: unknown) => (passed = error)) as NextFunction);
  return passed;
}

describe('app API token guard', () => {
  it('when a route is public or a health probe, then it is open', () => {
    for (const path of ['/v1/customers', '/.well-known/jwks.json', '/healthz', '/readyz']) expect(isOpenPath(path), path).to.equal(true);
    expect(run('/v1/customers', undefined)).to.equal(undefined);
  });

  it('when daprd-only routes are called without the token or with a wrong one, then 401', () => {
    for (const path of ['/internal/credentials/verify', '/actors/X/1/method/m', '/dapr/config', '/events/customer', '/metrics']) {
      expect(isOpenPath(path), path).to.equal(false);
      expect(run(path, undefined)).to.be.instanceOf(AppError).with.property('status', 401);
      expect(run(path, 'secreT')).to.be.instanceOf(AppError).with.property('status', 401);
    }
  });

  it('when daprd sends the right token, then the request passes', () => {
    expect(run('/internal/credentials/verify', 'secret')).to.equal(undefined);
  });
});

describe('metrics scrape guard', () => {
  function scrape(headers: Record<string, string>, expected = 'secret'): unknown {
    let passed: unknown = 'not called';
    const req = { path: '/metrics', header: (name: string) => headers[name] } as unknown as Request;
    requireScrapeToken(expected)(req, { locals: {} } as unknown as Response, ((error?: unknown) => (passed = error)) as NextFunction);
    return passed;
  }

  it('when the app token comes as daprd sends it or as a bearer token, then metrics are served; otherwise 401', () => {
    expect(scrape({ 'dapr-api-token': 'secret' })).to.equal(undefined);
    expect(scrape({ authorization: 'Bearer secret' })).to.equal(undefined);
    const refused: Record<string, string>[] = [{}, { authorization: 'Bearer secreT' }, { 'dapr-api-token': 'x' }, { authorization: 'secret' }];
    for (const headers of refused) {
      expect(scrape(headers), JSON.stringify(headers)).to.be.instanceOf(AppError).with.property('status', 401);
    }
  });
});

describe('service identity from the sidecar', () => {
  const services = { order: ['customers:read'] };
  const verifyNothing = async () => undefined;

  async function principalFor(headers: Record<string, string>): Promise<{ principal: unknown; error: unknown }> {
    const req = { path: '/v1/customers/c1', header: (name: string) => headers[name] } as unknown as Request;
    const res = { locals: {} as Record<string, unknown>, setHeader: () => undefined } as unknown as Response;
    let error: unknown = 'not called';
    requireAppToken('secret')(req, res, ((e?: unknown) => (error = e)) as NextFunction);
    if (error !== undefined) return { principal: undefined, error };
    await new Promise<void>((resolve) => {
      void requireAuth(verifyNothing, services)(req, res, ((e?: unknown) => {
        error = e;
        resolve();
      }) as NextFunction);
    });
    return { principal: res.locals.principal, error };
  }

  it('when daprd delivers a call naming a granted app, then that app is the principal', async () => {
    const { principal, error } = await principalFor({ 'dapr-api-token': 'secret', 'dapr-caller-app-id': 'order' });
    expect(error).to.equal(undefined);
    expect(principal).to.include({ subjectId: 'order', userType: 'service' });
  });

  it('when a caller on the app port sends the header without the app token, or with a wrong one, then it is anonymous (401)', async () => {
    for (const headers of [{ 'dapr-caller-app-id': 'order' }, { 'dapr-caller-app-id': 'order', 'dapr-api-token': 'guess' }] as Record<string, string>[]) {
      const { principal, error } = await principalFor(headers);
      expect(principal).to.equal(undefined);
      expect(error).to.be.instanceOf(AppError);
      expect((error as AppError).status).to.equal(401);
    }
  });
});
