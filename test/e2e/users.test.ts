// Staff accounts through the user app's sidecar: the bootstrap administrator, CRUD with roles, the
// status machine with session revocation, password change and admin-issued reset, each event once.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { validateAgainst } from '../harness/schemas.js';
import { eventually } from '../harness/http.js';
import { direct, invoke, receivedEvents, uniqueEmail } from '../harness/clients.js';
import { adminSession, bearer, introspect, loggedIn, refreshRequest, registeredCustomer, staffSession, STAFF_PASSWORD } from '../harness/identities.js';
import { runtime } from '../harness/runtime.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const users = (path: string, token: string | null, options: { method?: string; body?: unknown } = {}) =>
  invoke('user', 'user', `v1/users${path}`, { ...options, headers: token ? bearer(token) : {} });
const staffLogin = (email: string, password = STAFF_PASSWORD, userType = 'admin') =>
  invoke('auth', 'auth', 'v1/auth/login', { method: 'POST', body: { userType, email, password } });

async function userEvents(type: string, userId: string, count = 1) {
  const events = await eventually(type, () => receivedEvents(type, userId), (found) => found.length >= count);
  for (const { event } of events) expect(validateAgainst(`events/${type}.json`, event.data), type).to.deep.equal([]);
  return events.map((e) => e.event.data);
}

const newStaff = (overrides: Record<string, unknown> = {}) => ({ email: uniqueEmail('staff'), password: STAFF_PASSWORD, firstName: 'Ada', lastName: 'Admin', userType: 'admin', roles: ['support'], ...overrides });

describe('staff accounts (/v1/users)', () => {
  it('when the bootstrap administrator signs in, then the token carries every permission and /v1/users/me is that admin', async () => {
    const admin = await adminSession();
    const active = await introspect(admin.accessToken);
    expect(active).to.include({ active: true, userType: 'admin' });
    expect(active.permissions).to.have.members(['customers:read', 'customers:write', 'users:admin', 'users:read']);
    const me = await users('/me', admin.accessToken);
    expect(me.status).to.equal(200);
    expect(me.body).to.include({ userType: 'admin', status: 'active', firstName: 'Platform' });
    expect(me.body.roles).to.deep.equal(['admin']);
    expect(JSON.stringify(me.body)).not.to.match(/scrypt|passwordHash/);
  });

  it('when the bootstrap command runs five times at once and again, then exactly one administrator exists for that email', async function () {
    this.timeout(120_000);
    const email = uniqueEmail('bootstrap');
    const password = 'bootstrap passphrase 42';
    const app = runtime().apps.user;
    const env = { ...process.env, DAPR_HTTP_PORT: new URL(app.daprUrl).port, DAPR_API_TOKEN: app.daprApiToken, BOOTSTRAP_ADMIN_EMAIL: email, BOOTSTRAP_ADMIN_PASSWORD: password, LOG_LEVEL: 'error' };
    const run = async () => JSON.parse((await promisify(execFile)(process.execPath, [join('user', 'dist', 'bootstrap-admin.js')], { env })).stdout);
    const outcomes = await Promise.all(Array.from({ length: 5 }, run));
    expect(outcomes.filter((o) => o.result === 'created')).to.have.length(1);
    const id = outcomes.find((o) => o.result === 'created').userId;
    expect(outcomes.map((o) => o.userId)).to.deep.equal(Array(5).fill(id));
    expect(await run()).to.deep.equal({ result: 'exists', userId: id, passwordMatches: true });
    expect((await staffLogin(email, password)).status).to.equal(200);
    const listed: { id: string }[] = await eventually('the directory', async () => (await users(`?q=${encodeURIComponent(email)}`, (await adminSession()).accessToken)).body.items, (items: { id: string }[]) => items.length > 0);
    expect(listed.map((u) => u.id)).to.deep.equal([id]);
    expect(await receivedEvents('user.created', id)).to.have.length(1);
  });

  it('when the bootstrap password no longer opens the account, then the command says so, and --reset-password sets it, ends the sessions and the lock, audited', async function () {
    this.timeout(120_000);
    const email = uniqueEmail('bootstrap-reset');
    const configured = 'configured bootstrap passphrase';
    const app = runtime().apps.user;
    const env = { ...process.env, DAPR_HTTP_PORT: new URL(app.daprUrl).port, DAPR_API_TOKEN: app.daprApiToken, BOOTSTRAP_ADMIN_EMAIL: email, BOOTSTRAP_ADMIN_PASSWORD: configured, LOG_LEVEL: 'error' };
    const run = async (...args: string[]) => promisify(execFile)(process.execPath, [join('user', 'dist', 'bootstrap-admin.js'), ...args], { env });
    const { userId: id } = JSON.parse((await run()).stdout);
    const first = (await staffLogin(email, configured)).body;
    // Someone changed it since (or .run/ was recreated): the configured password opens nothing.
    expect((await users(`/${id}/password`, first.accessToken, { method: 'POST', body: { currentPassword: configured, newPassword: 'a password nobody remembers' } })).status).to.equal(204);
    const checked = await run();
    expect(JSON.parse(checked.stdout)).to.deep.equal({ result: 'exists', userId: id, passwordMatches: false });
    expect(checked.stderr).to.include('npm run admin:reset-password');

    for (let i = 0; i < 5; i++) await staffLogin(email, `guess ${i}`);
    expect((await staffLogin(email, configured)).status).to.equal(423);
    expect(JSON.parse((await run('--reset-password')).stdout)).to.deep.equal({ result: 'password_reset', userId: id });
    expect((await staffLogin(email, configured)).status).to.equal(200);
    expect((await staffLogin(email, 'a password nobody remembers')).status).to.equal(401);
    expect(await introspect(first.accessToken)).to.deep.equal({ active: false });
    const changed = await userEvents('user.password.changed', id, 2);
    expect(changed.map((e) => e.performedBy)).to.deep.include({ kind: 'system', id: 'bootstrap-reset' });
    const [unlocked] = await eventually('account.unlocked', () => receivedEvents('account.unlocked', id), (events) => events.length > 0);
    expect(unlocked!.event.data).to.include({ userType: 'admin', subjectId: id, wasLocked: true });
    expect(unlocked!.event.data.performedBy).to.deep.equal({ kind: 'system', id: 'bootstrap-reset' });
  });

  it('when a staff account is locked, then an admin with users:admin unlocks it (a viewer may not), wrong current passwords count as failed logins', async function () {
    this.timeout(60_000);
    const admin = await adminSession();
    const viewer = await staffSession(['viewer']);
    const staff = await staffSession(['support']);
    for (let i = 0; i < 4; i++) {
      const wrong = await users(`/${staff.id}/password`, staff.accessToken, { method: 'POST', body: { currentPassword: `not it ${i}`, newPassword: 'whatever long enough' } });
      expect(wrong.status).to.equal(400);
    }
    // The fifth wrong password, by login this time: one budget for both.
    expect((await staffLogin(staff.email, 'not it either')).status).to.equal(423);
    const blocked = await users(`/${staff.id}/password`, staff.accessToken, { method: 'POST', body: { currentPassword: STAFF_PASSWORD, newPassword: 'whatever long enough' } });
    expect(blocked.status).to.equal(423);
    expect(blocked.body.code).to.equal('account_locked');
    expect((await users(`/${staff.id}/unlock`, viewer.accessToken, { method: 'POST' })).status).to.equal(403);
    const unlocked = await users(`/${staff.id}/unlock`, admin.accessToken, { method: 'POST' });
    expect(unlocked.status, unlocked.text).to.equal(200);
    expect(unlocked.body).to.deep.equal({ wasLocked: true });
    expect((await staffLogin(staff.email)).status).to.equal(200);
    const [event] = await eventually('account.unlocked', () => receivedEvents('account.unlocked', staff.id), (events) => events.length > 0);
    expect(validateAgainst('events/account.unlocked.json', event!.event.data)).to.deep.equal([]);
    expect(event!.event.data).to.include({ userType: 'admin', subjectId: staff.id, wasLocked: true });
  });

  it("when another app asks auth to unlock or admit attempts for staff, then it is refused: the login budget belongs to the credentials' owner", async () => {
    const staff = await staffSession(['support']);
    const release = { userType: 'admin', email: staff.email, subjectId: staff.id, performedBy: { kind: 'service', id: 'customer' } };
    // The customer app owns customer credentials only; the notification service is not admitted at all.
    expect((await invoke('customer', 'auth', 'internal/lockouts/release', { method: 'POST', body: release })).status).to.equal(403);
    expect((await invoke('customer', 'auth', 'internal/attempts/admit', { method: 'POST', body: { userType: 'admin', email: staff.email } })).status).to.equal(403);
    expect((await invoke('subscriber', 'auth', 'internal/attempts/admit', { method: 'POST', body: { userType: 'admin', email: staff.email } })).status).to.equal(403);
    expect((await direct('auth', '/internal/lockouts/release', { method: 'POST', body: release })).status).to.equal(401);
    expect(await receivedEvents('account.unlocked', staff.id)).to.deep.equal([]);
  });

  it('when an admin is demoted, then at once they cannot use or grant back users:admin, and within 1 s no token of theirs works, refreshed or not', async function () {
    this.timeout(60_000);
    const admin = await adminSession();
    const target = await staffSession(['admin']);
    expect((await introspect(target.accessToken)).permissions).to.include('users:admin');
    const demoted = await users(`/${target.id}`, admin.accessToken, { method: 'PATCH', body: { roles: ['viewer'] } });
    expect(demoted.status, demoted.text).to.equal(200);

    // Right after the answer, before any cache could have noticed: the old token grants nothing it lost.
    const selfPromotion = await users(`/${target.id}`, target.accessToken, { method: 'PATCH', body: { roles: ['admin'] } });
    expect(selfPromotion.status).to.be.oneOf([401, 403]);
    expect((await users('', target.accessToken, { method: 'POST', body: newStaff() })).status).to.be.oneOf([401, 403]);
    await sleep(1_000);
    expect((await introspect(target.accessToken)).active).to.equal(false);
    const refreshed = await refreshRequest(target.refreshToken);
    expect(refreshed.status).to.equal(401);
    expect((await users(`/${target.id}`, admin.accessToken)).body.roles).to.deep.equal(['viewer']);

    // Signing in again gives the account's roles of now, and no more.
    const again = await staffLogin(target.email);
    expect(again.status).to.equal(200);
    expect((await introspect(again.body.accessToken)).permissions).not.to.include('users:admin');
    expect((await users(`/${target.id}`, again.body.accessToken, { method: 'PATCH', body: { roles: ['admin'] } })).status).to.equal(403);
    const revoked = await eventually('session.revoked', () => receivedEvents('session.revoked', target.id), (found) => found.some((e) => e.event.data.reason === 'permissions_changed'));
    for (const e of revoked) expect(validateAgainst('events/session.revoked.json', e.event.data)).to.deep.equal([]);
  });

  it('when an admin creates, reads, changes and deletes an account, then each step answers and publishes its event once', async () => {
    const admin = await adminSession();
    const input = newStaff({ email: `  ${uniqueEmail('Crud').toUpperCase()} `, userType: 'Admin', roles: ['viewer'] });
    const created = await users('', admin.accessToken, { method: 'POST', body: input });
    expect(created.status, created.text).to.equal(201);
    const id = created.body.id;
    expect(created.headers.get('location')).to.equal(`/v1/users/${id}`);
    expect(created.body).to.include({ email: (input.email as string).trim().toLowerCase(), userType: 'admin', status: 'active' });
    expect(created.body.permissions).to.deep.equal(['customers:read', 'users:read']);
    expect((await users(`/${id}`, admin.accessToken)).body).to.deep.equal(created.body);

    const patched = await users(`/${id}`, admin.accessToken, { method: 'PATCH', body: { lastName: 'Lovelace', roles: ['support', 'viewer'] } });
    expect(patched.status, patched.text).to.equal(200);
    expect(patched.body).to.include({ lastName: 'Lovelace' });
    expect(patched.body.permissions).to.deep.equal(['customers:read', 'customers:write', 'users:read']);

    const [createdEvent] = await userEvents('user.created', id);
    expect(createdEvent).to.deep.include({ userId: id, userType: 'admin', roles: ['viewer'], performedBy: { kind: 'admin', id: (await introspect(admin.accessToken)).sub } });
    const [updated] = await userEvents('user.updated', id);
    expect(updated.changes).to.deep.equal({ lastName: 'Lovelace', roles: ['support', 'viewer'], permissions: ['customers:read', 'customers:write', 'users:read'] });
    const [refresh] = await eventually('permission.refresh.needed', () => receivedEvents('permission.refresh.needed', id), (found) => found.length > 0);
    expect(refresh!.event.data).to.include({ subjectId: id, userType: 'admin' });

    const listed: { id: string; lastName: string }[] = await eventually(
      'the directory to show the change',
      async () => (await users(`?role=support&q=${encodeURIComponent(created.body.email)}`, admin.accessToken)).body.items,
      (items: { id: string; lastName: string }[]) => items[0]?.lastName === 'Lovelace',
    );
    expect(listed.map((u) => u.id)).to.deep.equal([id]);

    expect((await users(`/${id}`, admin.accessToken, { method: 'DELETE' })).status).to.equal(204);
    expect((await users(`/${id}`, admin.accessToken, { method: 'DELETE' })).status).to.equal(204);
    expect((await users(`/${id}`, admin.accessToken)).status).to.equal(404);
    expect((await staffLogin(created.body.email)).status).to.equal(401);
    const [deleted] = await userEvents('user.deleted', id);
    expect(deleted).to.include({ userId: id, userType: 'admin' });
    await sleep(2000);
    expect(await receivedEvents('user.deleted', id)).to.have.length(1);
    expect(await receivedEvents('user.updated', id)).to.have.length(1);
    // The email is free again.
    expect((await users('', admin.accessToken, { method: 'POST', body: newStaff({ email: created.body.email }) })).status).to.equal(201);
  });

  it('when bodies are wrong, then 400 with pointers (or 422 for status) and nothing is created', async () => {
    const admin = await adminSession();
    const cases: [Record<string, unknown>, string[]][] = [
      [newStaff({ email: 'not-an-email' }), ['/email']],
      [newStaff({ password: 'short' }), ['/password']],
      [newStaff({ userType: 'customer' }), ['/userType']],
      [newStaff({ roles: ['overlord'] }), ['/roles/0']],
      [newStaff({ roles: [] }), ['/roles']],
      [newStaff({ userType: 'shipper', roles: ['admin'] }), ['/roles/0']],
      [{ ...newStaff(), extra: 1 }, ['/extra']],
    ];
    for (const [body, pointers] of cases) {
      const res = await users('', admin.accessToken, { method: 'POST', body });
      expect(res.status, JSON.stringify(body)).to.equal(400);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer), JSON.stringify(body)).to.include.members(pointers);
    }
    const created = (await users('', admin.accessToken, { method: 'POST', body: newStaff() })).body;
    const status = await users(`/${created.id}`, admin.accessToken, { method: 'PATCH', body: { status: 'suspended' } });
    expect(status.status).to.equal(422);
    expect(status.body.code).to.equal('status_not_updatable');
    expect((await users(`/${created.id}`, admin.accessToken, { method: 'PATCH', body: {} })).status).to.equal(400);
    expect((await users('/no-such-user', admin.accessToken)).status).to.equal(404);
    expect((await users('?status=gone', admin.accessToken)).status).to.equal(400);
    expect((await users('?cursor=bogus', admin.accessToken)).status).to.equal(400);
  });

  it('when 20 admins create one email in parallel, then exactly one 201 and nineteen 409', async () => {
    const admin = await adminSession();
    const body = newStaff();
    const results = await Promise.all(Array.from({ length: 20 }, () => users('', admin.accessToken, { method: 'POST', body })));
    expect(results.filter((r) => r.status === 201)).to.have.length(1);
    const conflicts = results.filter((r) => r.status === 409);
    expect(conflicts).to.have.length(19);
    for (const conflict of conflicts) expect(conflict.body.code).to.equal('email_taken');
  });

  it('when an account is suspended, deactivated and activated, then its tokens die at once and login follows the status', async () => {
    const admin = await adminSession();
    const staff = await staffSession(['support']);
    const other = (await staffLogin(staff.email)).body;

    const suspended = await users(`/${staff.id}/suspend`, admin.accessToken, { method: 'POST' });
    expect(suspended.status, suspended.text).to.equal(200);
    expect(suspended.body.status).to.equal('suspended');
    expect(await introspect(staff.accessToken)).to.deep.equal({ active: false });
    expect(await introspect(other.accessToken)).to.deep.equal({ active: false });
    const refused = await staffLogin(staff.email);
    expect(refused.status).to.equal(403);
    expect(refused.body.code).to.equal('account_disabled');
    expect((await users(`/${staff.id}/suspend`, admin.accessToken, { method: 'POST' })).status).to.equal(200);

    expect((await users(`/${staff.id}/deactivate`, admin.accessToken, { method: 'POST' })).body.status).to.equal('inactive');
    expect((await users(`/${staff.id}/activate`, admin.accessToken, { method: 'POST' })).body.status).to.equal('active');
    expect((await staffLogin(staff.email)).status).to.equal(200);

    const changes = await userEvents('user.status_changed', staff.id, 3);
    await sleep(1500);
    expect(await receivedEvents('user.status_changed', staff.id)).to.have.length(3);
    expect(changes.map((c) => [c.previousStatus, c.status])).to.have.deep.members([['active', 'suspended'], ['suspended', 'inactive'], ['inactive', 'active']]);
    const revoked = await receivedEvents('session.revoked', staff.id);
    expect(revoked.map((r) => r.event.data.reason)).to.include('subject_suspended');

    expect((await users(`/${staff.id}`, admin.accessToken, { method: 'DELETE' })).status).to.equal(204);
    expect((await users(`/${staff.id}/activate`, admin.accessToken, { method: 'POST' })).status).to.equal(404);
  });

  it('when the caller lacks the permission or the token, then 401 or 403; nobody locks themself out', async () => {
    const viewer = await staffSession(['viewer']);
    const support = await staffSession(['support']);
    const customer = await registeredCustomer('notstaff');
    const customerToken = (await loggedIn(customer.email)).accessToken;
    const admin = await adminSession();
    const adminId = (await introspect(admin.accessToken)).sub;

    expect((await users('', null)).status).to.equal(401);
    expect((await users('', 'not-a-token')).status).to.equal(401);
    expect((await users('', customerToken)).status).to.equal(403);
    expect((await users('', support.accessToken)).status).to.equal(403);
    expect((await users('', viewer.accessToken)).status).to.equal(200);
    expect((await users('', viewer.accessToken, { method: 'POST', body: newStaff() })).status).to.equal(403);
    expect((await users(`/${support.id}/suspend`, viewer.accessToken, { method: 'POST' })).status).to.equal(403);
    expect((await users(`/${support.id}`, support.accessToken)).status).to.equal(200);
    expect((await users(`/${viewer.id}`, support.accessToken)).status).to.equal(403);
    // Oneself: the name, not the roles.
    expect((await users(`/${support.id}`, support.accessToken, { method: 'PATCH', body: { firstName: 'Renamed' } })).status).to.equal(200);
    expect((await users(`/${support.id}`, support.accessToken, { method: 'PATCH', body: { roles: ['admin'] } })).status).to.equal(403);

    for (const action of ['suspend', 'deactivate']) {
      const res = await users(`/${adminId}/${action}`, admin.accessToken, { method: 'POST' });
      expect(res.status).to.equal(409);
      expect(res.body.code).to.equal('self_lockout');
    }
    expect((await users(`/${adminId}`, admin.accessToken, { method: 'DELETE' })).status).to.equal(409);
    expect((await users(`/${adminId}`, admin.accessToken, { method: 'PATCH', body: { roles: ['support'] } })).status).to.equal(409);

    // A revoked token is refused within the introspection cache bound.
    expect((await invoke('auth', 'auth', 'v1/auth/logout', { method: 'POST', headers: bearer(viewer.accessToken) })).status).to.be.oneOf([200, 204]);
    const after = await eventually('the revoked token to be refused', () => users('', viewer.accessToken), (r) => r.status === 401, 10_000);
    expect(after.body.code).to.equal('invalid_token');
  });

  it('when staff change their password or an admin issues a reset, then old sessions end and the token works once', async () => {
    const admin = await adminSession();
    const staff = await staffSession(['support']);
    const elsewhere = (await staffLogin(staff.email)).body;

    const changed = await users(`/${staff.id}/password`, staff.accessToken, { method: 'POST', body: { currentPassword: STAFF_PASSWORD, newPassword: 'a new staff passphrase' } });
    expect(changed.status, changed.text).to.equal(204);
    expect(await introspect(elsewhere.accessToken)).to.deep.equal({ active: false });
    expect((await introspect(staff.accessToken)).active).to.equal(true);
    expect((await staffLogin(staff.email)).status).to.equal(401);
    const wrong = await users(`/${staff.id}/password`, staff.accessToken, { method: 'POST', body: { currentPassword: 'not it', newPassword: 'whatever long enough' } });
    expect(wrong.status).to.equal(400);
    expect((await users(`/${staff.id}/password`, admin.accessToken, { method: 'POST', body: { currentPassword: 'x', newPassword: 'whatever long enough' } })).status).to.equal(403);

    const issued = await users(`/${staff.id}/password-reset`, admin.accessToken, { method: 'POST' });
    expect(issued.status, issued.text).to.equal(201);
    expect(issued.body.token).to.be.a('string');
    expect(Date.parse(issued.body.expiresAt)).to.be.greaterThan(Date.now());
    const [issuedEvent] = await userEvents('user.password_reset.issued', staff.id);
    expect(JSON.stringify(issuedEvent)).not.to.include(issued.body.token.split('.')[1]);

    const reset = await users('/password-reset', null, { method: 'POST', body: { token: issued.body.token, newPassword: 'reset staff passphrase' } });
    expect(reset.status, reset.text).to.equal(204);
    expect(await introspect(staff.accessToken)).to.deep.equal({ active: false });
    expect((await staffLogin(staff.email, 'reset staff passphrase')).status).to.equal(200);
    const again = await users('/password-reset', null, { method: 'POST', body: { token: issued.body.token, newPassword: 'another one entirely' } });
    expect(again.status).to.equal(400);
    expect(again.body.code).to.equal('invalid_reset_token');
    const forged = await users('/password-reset', null, { method: 'POST', body: { token: `${staff.id}.${'A'.repeat(43)}`, newPassword: 'another one entirely' } });
    expect(forged.status).to.equal(400);
    const methods = (await userEvents('user.password.changed', staff.id, 2)).map((e) => e.method);
    expect(methods).to.have.members(['change', 'reset']);
  });
});
