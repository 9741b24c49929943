import { expect } from 'chai';
import type { NextFunction, Request, Response } from 'express';
import { isOpenPath, requireAppToken } from '../../src/app-token.js';
import { AppError } from '../../src/errors.js';

function run(path: string, token: string | undefined, expected = 'secret'): unknown {
  let passed: unknown = 'not called';
  const req = { path, header: (name: string) => (name === 'dapr-api-token' ? token : undefined) } as unknown as Request;
  requireAppToken(expected)(req, {} as Response, ((error?: unknown) => (passed = error)) as NextFunction);
  return passed;
}

describe('app API token guard', () => {
  it('when a route is public or a health probe, then it is open', () => {
    for (const path of ['/v1/customers', '/.well-known/jwks.json', '/healthz', '/readyz', '/metrics']) expect(isOpenPath(path), path).to.equal(true);
    expect(run('/v1/customers', undefined)).to.equal(undefined);
  });

  it('when daprd-only routes are called without the token or with a wrong one, then 401', () => {
    for (const path of ['/internal/credentials/verify', '/actors/X/1/method/m', '/dapr/config', '/events/customer']) {
      expect(isOpenPath(path), path).to.equal(false);
      expect(run(path, undefined)).to.be.instanceOf(AppError).with.property('status', 401);
      expect(run(path, 'secreT')).to.be.instanceOf(AppError).with.property('status', 401);
    }
  });

  it('when daprd sends the right token, then the request passes', () => {
    expect(run('/internal/credentials/verify', 'secret')).to.equal(undefined);
  });
});
