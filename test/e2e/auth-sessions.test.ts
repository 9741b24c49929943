// Sessions: lockout, refresh rotation with reuse detection, logout, listing and revoking sessions,
// the per-subject limit, revoke-all for other apps, and the safety net on identity events.
import { expect } from 'chai';
import { invoke, receivedEvents, scrapeMetrics, sidecar } from '../harness/clients.js';
import { loginGuardId } from '../../auth/src/actors/names.js';
import { eventually } from '../harness/http.js';
import { bearer, introspect, loggedIn, loginRequest, PASSWORD, refreshRequest, registeredCustomer } from '../harness/identities.js';
import { validateAgainst } from '../harness/schemas.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Customer passwords auth has sent to be checked, from its metrics (tests run one at a time). */
async function passwordChecks(): Promise<number> {
  const metrics = await scrapeMetrics('auth');
  let total = 0;
  for (const [, value] of metrics.matchAll(/^auth_password_checks_total\{[^}]*user_type="customer"[^}]*\} (\d+)/gm)) total += Number(value);
  return total;
}

describe('lockout after repeated failed logins', () => {
  it('when 5 logins fail, then the identity is locked (423 with Retry-After, password not even checked), account.locked is published once, and the lock ends by itself', async () => {
    const customer = await registeredCustomer('lock');
    for (let i = 1; i <= 4; i++) expect((await loginRequest(customer.email, 'wrong password')).status, `failure ${i}`).to.equal(401);
    const fifth = await loginRequest(customer.email, 'wrong password');
    expect(fifth.status).to.equal(423);

    const locked = await loginRequest(customer.email, PASSWORD);
    expect(locked.status).to.equal(423);
    expect(locked.body.code).to.equal('account_locked');
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).to.be.within(1, 4);
    expect((await loginRequest(customer.email, 'wrong password')).status).to.equal(423);

    // This identity's events only: other tests lock other customers meanwhile.
    const identifierHash = loginGuardId('customer', customer.email).split(':')[1]!;
    const lockEvents = await eventually('account.locked', () => receivedEvents('account.locked', identifierHash), (events) => events.some((e) => e.event.data.lockedUntil));
    expect(lockEvents.length).to.equal(1);
    for (const e of lockEvents) expect(validateAgainst('events/account.locked.json', e.event.data)).to.deep.equal([]);
    const before = lockEvents.length;

    await sleep((retryAfter + 0.5) * 1000);
    const after = await loginRequest(customer.email, PASSWORD);
    expect(after.status).to.equal(200);
    // One lock, one event: the attempts made while locked published nothing more.
    expect((await receivedEvents('account.locked', identifierHash)).length).to.equal(before);
  });

  it('when 40 wrong logins and the right one arrive at once, then at most 5 passwords are checked and the identity ends locked', async function () {
    this.timeout(120_000);
    const customer = await registeredCustomer('parallel-guesses');
    const checks = await passwordChecks();
    const wrong = Array.from({ length: 40 }, (_, i) => loginRequest(customer.email, `wrong password ${i}`));
    const right = loginRequest(customer.email, PASSWORD);
    const answers = await Promise.all([...wrong.slice(0, 20), right, ...wrong.slice(20)]);
    const statuses = answers.map((a) => a.status);

    expect((await passwordChecks()) - checks, 'passwords checked').to.be.at.most(5);
    expect(statuses.filter((s) => s === 401).length, 'answered "wrong password"').to.be.at.most(4);
    // The rest were refused without a check: held back while the budget was in use, or locked.
    for (const refused of answers.filter((a) => a.status !== 401 && a.status !== 200)) {
      expect(refused.status).to.be.oneOf([423, 429]);
      expect(refused.body.code).to.equal(refused.status === 423 ? 'account_locked' : 'too_many_attempts');
      expect(Number(refused.headers.get('retry-after'))).to.be.greaterThan(0);
    }
    // The right password in the burst is either refused or admitted within the budget; wrong ones
    // then used up the rest, so the identity is locked and stays so for the right password too.
    const afterBurst = await eventually('the lock', () => loginRequest(customer.email, PASSWORD), (res) => res.status !== 429);
    expect(afterBurst.status).to.equal(423);
    const identifierHash = loginGuardId('customer', customer.email).split(':')[1]!;
    const locks = await eventually('account.locked', () => receivedEvents('account.locked', identifierHash), (events) => events.length > 0);
    expect(locks).to.have.length(1);
  });

  it('when a login succeeds, then earlier failures are forgotten', async () => {
    const customer = await registeredCustomer('reset');
    for (let i = 0; i < 4; i++) await loginRequest(customer.email, 'wrong password');
    expect((await loginRequest(customer.email, PASSWORD)).status).to.equal(200);
    for (let i = 0; i < 4; i++) expect((await loginRequest(customer.email, 'wrong password')).status).to.equal(401);
  });
});

describe('refresh (POST /v1/auth/refresh)', () => {
  it('when a refresh token is used, then it is rotated: new tokens, the same session, the new access token active', async () => {
    const customer = await registeredCustomer('refresh');
    const first = await loggedIn(customer.email);
    const res = await refreshRequest(first.refreshToken);

    expect(res.status).to.equal(200);
    expect(res.body).to.include({ tokenType: 'Bearer', sessionId: first.sessionId, expiresIn: 900 });
    expect(res.body.refreshToken).not.to.equal(first.refreshToken);
    expect(res.body.accessToken).not.to.equal(first.accessToken);
    expect(await introspect(res.body.accessToken)).to.include({ active: true, sid: first.sessionId });
    expect((await refreshRequest(res.body.refreshToken)).status).to.equal(200);
  });

  it('when an already-rotated refresh token is presented again, then the whole session is revoked and session.revoked says refresh_reuse', async () => {
    const customer = await registeredCustomer('reuse');
    const first = await loggedIn(customer.email);
    const second = (await refreshRequest(first.refreshToken)).body;

    const replay = await refreshRequest(first.refreshToken);
    expect(replay.status).to.equal(401);
    expect(replay.body.code).to.equal('invalid_refresh_token');

    expect(await introspect(second.accessToken)).to.deep.equal({ active: false });
    expect((await refreshRequest(second.refreshToken)).status).to.equal(401);
    const [revoked] = await eventually('session.revoked', () => receivedEvents('session.revoked', first.sessionId), (events) => events.length > 0);
    expect(revoked!.event.data).to.include({ sid: first.sessionId, subjectId: customer.id, userType: 'customer', reason: 'refresh_reuse' });
    expect(revoked!.event.data.exp).to.be.a('number');
    expect(validateAgainst('events/session.revoked.json', revoked!.event.data)).to.deep.equal([]);
  });

  it('when one refresh token is presented by 8 requests at once, then at most one rotates it, the others are refused, and the session ends as a reuse', async () => {
    const customer = await registeredCustomer('refreshrace');
    const first = await loggedIn(customer.email);

    const answers = await Promise.all(Array.from({ length: 8 }, () => refreshRequest(first.refreshToken)));
    const rotated = answers.filter((a) => a.status === 200);
    expect(rotated.length).to.be.at.most(1);
    expect(answers.filter((a) => a.status === 401).length).to.equal(answers.length - rotated.length);
    expect(answers.every((a) => a.status === 200 || a.body.code === 'invalid_refresh_token')).to.equal(true);

    // Every request beyond the first presented a rotated token: the session is revoked, so nothing
    // the race handed out works any more.
    const [revoked] = await eventually('session.revoked', () => receivedEvents('session.revoked', first.sessionId), (events) => events.length > 0);
    expect(revoked!.event.data.reason).to.equal('refresh_reuse');
    for (const answer of rotated) {
      expect(await introspect(answer.body.accessToken)).to.deep.equal({ active: false });
      expect((await refreshRequest(answer.body.refreshToken)).status).to.equal(401);
    }
    expect(await introspect(first.accessToken)).to.deep.equal({ active: false });
  });

  it('when the refresh token is garbage or unknown, then 401 invalid_refresh_token; a missing one is 400', async () => {
    expect((await refreshRequest('nonsense-token-value')).body.code).to.equal('invalid_refresh_token');
    expect((await refreshRequest('00000000-0000-4000-8000-000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).to.equal(401);
    expect((await invoke('auth', 'auth', 'v1/auth/refresh', { method: 'POST', body: {} })).status).to.equal(400);
  });
});

describe('logout and sessions', () => {
  it('when a customer logs out, then the access token is inactive at once and the refresh token is dead', async () => {
    const customer = await registeredCustomer('logout');
    const tokens = await loggedIn(customer.email);
    const res = await invoke('auth', 'auth', 'v1/auth/logout', { method: 'POST', headers: bearer(tokens.accessToken) });
    expect(res.status).to.equal(204);
    expect(await introspect(tokens.accessToken)).to.deep.equal({ active: false });
    expect((await refreshRequest(tokens.refreshToken)).status).to.equal(401);
    expect((await invoke('auth', 'auth', 'v1/auth/logout', { method: 'POST', headers: bearer(tokens.accessToken) })).status).to.equal(401);
  });

  it('when a customer lists sessions and revokes another one, then only theirs are listed and the revoked one stops working', async () => {
    const customer = await registeredCustomer('list');
    const phone = await loggedIn(customer.email, { deviceId: 'phone' });
    const laptop = await loggedIn(customer.email, { deviceId: 'laptop' });
    const stranger = await loggedIn((await registeredCustomer('stranger')).email);

    const list = await invoke('auth', 'auth', 'v1/auth/sessions', { headers: bearer(laptop.accessToken) });
    expect(list.status).to.equal(200);
    const sessions = list.body.sessions as { sessionId: string; deviceId: string; current: boolean }[];
    expect(sessions.map((s) => s.sessionId).sort()).to.deep.equal([phone.sessionId, laptop.sessionId].sort());
    expect(sessions.find((s) => s.current)?.deviceId).to.equal('laptop');

    const notTheirs = await invoke('auth', 'auth', `v1/auth/sessions/${stranger.sessionId}`, { method: 'DELETE', headers: bearer(laptop.accessToken) });
    expect(notTheirs.status).to.equal(404);
    expect(await introspect(stranger.accessToken)).to.include({ active: true });

    const revoke = await invoke('auth', 'auth', `v1/auth/sessions/${phone.sessionId}`, { method: 'DELETE', headers: bearer(laptop.accessToken) });
    expect(revoke.status).to.equal(204);
    expect(await introspect(phone.accessToken)).to.deep.equal({ active: false });
    expect(await introspect(laptop.accessToken)).to.include({ active: true });
  });

  it('when the sessions route is called without a token, then 401 with WWW-Authenticate', async () => {
    const res = await invoke('auth', 'auth', 'v1/auth/sessions');
    expect(res.status).to.equal(401);
    expect(res.headers.get('www-authenticate')).to.equal('Bearer');
  });

  it('when 20 logins of one customer race with a limit of 5, then never more than 5 sessions are active', async () => {
    const customer = await registeredCustomer('limit');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => loginRequest(customer.email, PASSWORD, { deviceId: `d${i}` })));
    expect(results.map((r) => r.status)).to.satisfy((statuses: number[]) => statuses.every((s) => s === 200));

    const active = (await Promise.all(results.map((r) => introspect(r.body.accessToken)))).filter((r) => r.active);
    expect(active).to.have.length(5);
    const list = await invoke('auth', 'auth', 'v1/auth/sessions', { headers: bearer(results.find((r, i) => active.some((a) => a.sid === results[i]!.body.sessionId))!.body.accessToken) });
    expect(list.body.sessions).to.have.length(5);
  });
});

describe('revoking every session of a subject', () => {
  it('when the customer app revokes a subject, then every session is inactive; other apps are refused by Dapr access control', async () => {
    const customer = await registeredCustomer('revokeall');
    const a = await loggedIn(customer.email);
    const b = await loggedIn(customer.email);
    const body = { userType: 'customer', subjectId: customer.id, reason: 'subject_suspended' };

    const refused = await invoke('subscriber', 'auth', 'internal/subjects/revoke', { method: 'POST', body });
    expect(refused.status).to.equal(403);
    expect(await introspect(a.accessToken)).to.include({ active: true });

    const res = await invoke('customer', 'auth', 'internal/subjects/revoke', { method: 'POST', body });
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ revoked: 2 });
    expect(await introspect(a.accessToken)).to.deep.equal({ active: false });
    expect(await introspect(b.accessToken)).to.deep.equal({ active: false });
    expect((await invoke('customer', 'auth', 'internal/subjects/revoke', { method: 'POST', body })).body).to.deep.equal({ revoked: 0 });
  });

  it('when customer.status.changed says suspended, then auth revokes the sessions by itself (safety net), once', async () => {
    const customer = await registeredCustomer('safetynet');
    const tokens = await loggedIn(customer.email);
    const now = new Date().toISOString();
    const event = { customerId: customer.id, previousStatus: 'active', status: 'suspended', customerType: 'individual', changedAt: now, occurredAt: now };
    // Through the customer sidecar, the topic's one producer (what the customer app does itself).
    const published = await sidecar('customer', '/v1.0/publish/pubsub/customer-events?metadata.cloudevent.type=customer.status.changed', { method: 'POST', body: event });
    expect(published.status).to.equal(204);

    await eventually('the session to be revoked', () => introspect(tokens.accessToken), (r) => r.active === false);
    const [revoked] = await eventually('session.revoked', () => receivedEvents('session.revoked', tokens.sessionId), (events) => events.length > 0);
    expect(revoked!.event.data.reason).to.equal('subject_suspended');
  });

  it("when user.updated says a user's roles changed, then auth announces permission.refresh.needed for that subject", async () => {
    const userId = crypto.randomUUID();
    const event = { userId, userType: 'admin', changes: { roles: ['support'] }, occurredAt: new Date().toISOString() };
    const published = await sidecar('user', '/v1.0/publish/pubsub/user-events?metadata.cloudevent.type=user.updated', { method: 'POST', body: event });
    expect(published.status).to.equal(204);

    const [notice] = await eventually('permission.refresh.needed', () => receivedEvents('permission.refresh.needed', userId), (events) => events.length > 0);
    expect(notice!.topic).to.equal('auth-events');
    expect(notice!.event.data).to.include({ subjectId: userId, userType: 'admin', reason: 'roles changed' });
    expect(validateAgainst('events/permission.refresh.needed.json', notice!.event.data)).to.deep.equal([]);
  });
});
