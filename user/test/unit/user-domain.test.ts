import { expect } from 'chai';
import { schemaErrors, type Principal } from '@idp/common';
import { eventSchemaId, USER_STATUSES, type UserStatus } from '@idp/proto';
import { mayAccessUser, mayListUsers, selfLockout } from '../../src/domain/access.js';
import { effectiveChanges, softDeleted, withChanges, withPassword, withPasswordReset, withStatus } from '../../src/domain/changes.js';
import { checkResetSecret, newResetToken, parseResetToken } from '@idp/common';
import { permissionsFor, roleErrors } from '../../src/domain/roles.js';
import { decideTransition, STATUS_ACTIONS, type StatusAction } from '../../src/domain/status.js';
import { newUserAggregate, toView, userCreatedEvent } from '../../src/domain/user.js';

const t0 = new Date('2026-03-01T12:00:00Z');
const later = new Date('2026-03-01T13:00:00Z');
const base = newUserAggregate({ id: 'u-1', email: 'ops@example.com', passwordHash: 'scrypt$x', firstName: 'Op', lastName: 'Erator', userType: 'admin', roles: ['support'] }, t0);

describe('staff account status machine', () => {
  // The whole table, written out: every (status, action) pair but deleted, which no action leaves.
  const EXPECTED: Record<Exclude<UserStatus, 'deleted'>, Record<StatusAction, 'change' | 'unchanged'>> = {
    active: { activate: 'unchanged', deactivate: 'change', suspend: 'change' },
    inactive: { activate: 'change', deactivate: 'unchanged', suspend: 'change' },
    suspended: { activate: 'change', deactivate: 'change', suspend: 'unchanged' },
  };
  for (const status of USER_STATUSES) {
    for (const action of STATUS_ACTIONS) {
      const expected = status === 'deleted' ? 'invalid' : EXPECTED[status][action];
      it(`when a ${status} account is asked to ${action}, then the transition is ${expected}`, () => {
        expect(decideTransition(status, action).kind).to.equal(expected);
      });
    }
  }

  it('when the status changes, then user.status_changed carries both ends and matches its schema', () => {
    const { next, event } = withStatus(base, 'suspended', later);
    expect(next.user.status).to.equal('suspended');
    expect(next.version).to.equal(2);
    expect(event).to.include({ userId: 'u-1', userType: 'admin', previousStatus: 'active', status: 'suspended' });
    expect(schemaErrors(eventSchemaId('user.status_changed'), event)).to.deep.equal([]);
  });
});

describe('roles and permissions', () => {
  it('when roles are combined, then permissions are their sorted union', () => {
    expect(permissionsFor(['support', 'viewer'])).to.deep.equal(['customers:read', 'customers:write', 'users:read']);
    expect(permissionsFor(['admin'])).to.deep.equal(['customers:read', 'customers:write', 'users:admin', 'users:read']);
    expect(permissionsFor(['shipper'])).to.deep.equal([]);
  });

  it('when roles do not suit the account type, then each wrong one is a field error', () => {
    expect(roleErrors('admin', ['support', 'viewer'])).to.deep.equal([]);
    expect(roleErrors('shipper', ['shipper', 'admin']).map((e) => e.pointer)).to.deep.equal(['/roles/1']);
    expect(roleErrors('admin', ['shipper']).map((e) => e.pointer)).to.deep.equal(['/roles/0']);
  });
});

describe('staff account changes', () => {
  it('when an account is created, then the view and user.created carry its permissions and never the hash', () => {
    const view = toView(base);
    expect(view.permissions).to.deep.equal(['customers:read', 'customers:write']);
    expect(JSON.stringify(view)).not.to.include('scrypt');
    const event = userCreatedEvent(base, t0);
    expect(schemaErrors(eventSchemaId('user.created'), event)).to.deep.equal([]);
    expect(JSON.stringify(event)).not.to.include('scrypt');
  });

  it('when a PATCH repeats values, then only real changes count; role changes carry the new permissions', () => {
    expect(effectiveChanges(base, { firstName: 'Op', roles: ['support'] })).to.deep.equal({});
    const changes = effectiveChanges(base, { firstName: 'Opal', roles: ['viewer'] });
    const { next, event } = withChanges(base, changes, later);
    expect(next.user).to.include({ firstName: 'Opal', updatedAt: later.toISOString() });
    expect(event.changes).to.deep.equal({ firstName: 'Opal', roles: ['viewer'], permissions: ['customers:read', 'users:read'] });
    expect(schemaErrors(eventSchemaId('user.updated'), event)).to.deep.equal([]);
  });

  it('when an account is deleted, then it keeps its record as deleted and any reset token dies', () => {
    const withReset = withPasswordReset(base, 'ab'.repeat(32), 3_600_000, 'admin-1', t0).next;
    const { next, event } = softDeleted(withReset, later);
    expect(next.user).to.include({ status: 'deleted', deletedAt: later.toISOString(), statusBeforeDeletion: 'active' });
    expect(next.passwordReset).to.equal(undefined);
    expect(schemaErrors(eventSchemaId('user.deleted'), event)).to.deep.equal([]);
  });

  it('when a reset token is issued and redeemed, then it works once, before it expires, and only its hash is kept', () => {
    const { token, tokenHash } = newResetToken('u-1');
    const parsed = parseResetToken(token);
    expect(parsed?.userId).to.equal('u-1');
    const { next, event } = withPasswordReset(base, tokenHash, 3_600_000, 'admin-1', t0);
    expect(JSON.stringify(next)).not.to.include(parsed!.secret);
    expect(schemaErrors(eventSchemaId('user.password_reset.issued'), event)).to.deep.equal([]);
    const soon = new Date(t0.getTime() + 1_800_000);
    expect(checkResetSecret(next.passwordReset, parsed!.secret, soon)).to.equal('valid');
    expect(checkResetSecret(next.passwordReset, parsed!.secret, new Date(t0.getTime() + 3_600_000))).to.equal('expired');
    expect(checkResetSecret(next.passwordReset, 'x'.repeat(43), soon)).to.equal('invalid');
    const used = withPassword(next, 'scrypt$new', 'reset', null, soon);
    expect(used.next.passwordReset).to.equal(undefined);
    expect(checkResetSecret(used.next.passwordReset, parsed!.secret, soon)).to.equal('invalid');
    expect(schemaErrors(eventSchemaId('user.password.changed'), used.event)).to.deep.equal([]);
    expect(parseResetToken('no-dot')).to.equal(null);
    expect(parseResetToken('u-1.short')).to.equal(null);
  });
});

describe('staff access rules', () => {
  const principal = (overrides: Partial<Principal>): Principal => ({ subjectId: 'a-1', userType: 'admin', sessionId: 's', permissions: [], expiresAt: 0, ...overrides });
  const admin = principal({ permissions: ['users:admin', 'users:read'] });
  const viewer = principal({ subjectId: 'v-1', permissions: ['users:read'] });
  const support = principal({ subjectId: 's-1', permissions: ['customers:read', 'customers:write'] });
  const customer = principal({ subjectId: 'c-1', userType: 'customer' });

  it('when staff act on accounts, then users:admin manages, users:read reads, oneself reads and renames', () => {
    expect(['read', 'update', 'manage'].map((op) => mayAccessUser(admin, 'x', op as never))).to.deep.equal([true, true, true]);
    expect(['read', 'update', 'manage'].map((op) => mayAccessUser(viewer, 'x', op as never))).to.deep.equal([true, false, false]);
    expect(['read', 'update', 'manage'].map((op) => mayAccessUser(support, 'x', op as never))).to.deep.equal([false, false, false]);
    expect(mayAccessUser(support, 's-1', 'read')).to.equal(true);
    expect(mayAccessUser(support, 's-1', 'update', { firstName: 'S' })).to.equal(true);
    expect(mayAccessUser(support, 's-1', 'update', { roles: ['admin'] })).to.equal(false);
    expect(mayAccessUser(support, 's-1', 'change_own_password')).to.equal(true);
    expect(mayAccessUser(admin, 's-1', 'change_own_password')).to.equal(false);
    expect(mayAccessUser(customer, 'c-1', 'read')).to.equal(false);
    expect([admin, viewer, support, customer].map(mayListUsers)).to.deep.equal([true, true, false, false]);
  });

  it('when an admin would lock themself out, then it is refused; activating oneself or acting on others is not', () => {
    expect(selfLockout(admin, 'a-1', { statusAction: 'suspend' })).to.not.equal(null);
    expect(selfLockout(admin, 'a-1', { deleting: true })).to.not.equal(null);
    expect(selfLockout(admin, 'a-1', { changes: { roles: ['support'] } })?.pointer).to.equal('/roles');
    expect(selfLockout(admin, 'a-1', { changes: { roles: ['admin', 'viewer'] } })).to.equal(null);
    expect(selfLockout(admin, 'a-1', { statusAction: 'activate' })).to.equal(null);
    expect(selfLockout(admin, 'other', { statusAction: 'suspend' })).to.equal(null);
  });
});
