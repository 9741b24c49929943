import { expect } from 'chai';
import type { Principal } from '@idp/common';
import { mayAccessCustomer, mayActOnCustomers } from '../../src/domain/access.js';
import { servicePermissions } from '../../src/config.js';

const principal = (overrides: Partial<Principal>): Principal => ({ subjectId: 'c1', userType: 'customer', sessionId: 's', permissions: [], expiresAt: 0, ...overrides });
const self = principal({});
const otherCustomer = principal({ subjectId: 'c2' });
const reader = principal({ subjectId: 'a1', userType: 'admin', permissions: ['customers:read'] });
const writer = principal({ subjectId: 'a2', userType: 'admin', permissions: ['customers:write'] });
const bareAdmin = principal({ subjectId: 'a3', userType: 'admin' });
const shipperWithPermission = principal({ subjectId: 'p1', userType: 'shipper', permissions: ['customers:write'] });

describe('customer access rules', () => {
  it('when a customer acts on their own record, then read, write and close are allowed but not moderation', () => {
    expect(['read', 'write', 'close', 'moderate'].map((op) => mayAccessCustomer(self, 'c1', op as never))).to.deep.equal([true, true, true, false]);
  });

  it("when a customer acts on another customer's record, then nothing is allowed", () => {
    expect(['read', 'write', 'close', 'moderate'].some((op) => mayAccessCustomer(otherCustomer, 'c1', op as never))).to.equal(false);
  });

  it('when an admin acts, then customers:read allows reading only and customers:write allows everything', () => {
    expect(['read', 'write', 'close', 'moderate'].map((op) => mayAccessCustomer(reader, 'c1', op as never))).to.deep.equal([true, false, false, false]);
    expect(['read', 'write', 'close', 'moderate'].map((op) => mayAccessCustomer(writer, 'c1', op as never))).to.deep.equal([true, true, true, true]);
  });

  it('when an admin has no customer permission, or a non-admin carries one, then nothing is allowed', () => {
    for (const who of [bareAdmin, shipperWithPermission]) {
      expect(['read', 'write', 'close', 'moderate'].some((op) => mayAccessCustomer(who, 'c1', op as never))).to.equal(false);
      expect(mayActOnCustomers(who, 'read')).to.equal(false);
    }
  });

  it('when lookups and listings are asked for, then only admins with a customer permission get them', () => {
    expect([self, reader, writer].map((who) => mayActOnCustomers(who, 'read'))).to.deep.equal([false, true, true]);
    expect([self, reader, writer].map((who) => mayActOnCustomers(who, 'write'))).to.deep.equal([false, false, true]);
  });

  it('when another service calls with the permissions its app-id is granted, then it acts like staff with them', () => {
    const order = principal({ subjectId: 'order', userType: 'service', permissions: ['customers:read'] });
    expect(['read', 'write', 'close', 'moderate'].map((op) => mayAccessCustomer(order, 'c1', op as never))).to.deep.equal([true, false, false, false]);
    expect(mayActOnCustomers(order, 'read')).to.equal(true);
    expect(mayAccessCustomer(principal({ subjectId: 'x', userType: 'service' }), 'c1', 'read')).to.equal(false);
  });
});

describe('service permissions configuration', () => {
  const log = { warn: () => undefined } as never;
  const config = (value: string, token = 'app-token') => ({ SERVICE_PERMISSIONS: value, APP_API_TOKEN: token }) as never;

  it('when SERVICE_PERMISSIONS maps app-ids to customer permissions, then it is taken; anything else stops the start', () => {
    expect(servicePermissions(config('{"order":["customers:read"]}'), log)).to.deep.equal({ order: ['customers:read'] });
    for (const bad of ['not json', '[]', '{"order":["users:admin"]}', '{"Bad Id":["customers:read"]}', '{"order":"customers:read"}']) {
      expect(() => servicePermissions(config(bad), log), bad).to.throw(/SERVICE_PERMISSIONS/);
    }
  });

  it('when daprd does not authenticate itself to the app (no APP_API_TOKEN), then no service is trusted', () => {
    expect(servicePermissions(config('{"order":["customers:read"]}', ''), log)).to.deep.equal({});
  });
});
