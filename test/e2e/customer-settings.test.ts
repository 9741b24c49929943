// A customer's settings through the customer app's sidecar: preferences (marketing consent) and
// password change, each with its event through the outbox.
import { expect } from 'chai';
import { validateAgainst } from '../harness/schemas.js';
import { eventually } from '../harness/http.js';
import { invoke, receivedEvents } from '../harness/clients.js';
import { bearer, introspect, loggedIn, loginRequest, PASSWORD, registeredCustomer, staffSession } from '../harness/identities.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const route = (path: string, token: string, options: { method?: string; body?: unknown } = {}) =>
  invoke('customer', 'customer', `v1/customers/${path}`, { ...options, headers: bearer(token) });

describe('customer preferences (GET/PUT /v1/customers/{id}/preferences)', () => {
  it('when a customer opts in to marketing email, then the preferences change, customer.preferences.updated arrives once, and a repeat changes nothing', async () => {
    const customer = await registeredCustomer('prefs');
    const { accessToken } = await loggedIn(customer.email);
    const initial = await route(`${customer.id}/preferences`, accessToken);
    expect(initial.status).to.equal(200);
    expect(initial.body).to.include({ marketingEmailOptIn: false, marketingSmsOptIn: false, language: null });

    const wanted = { marketingEmailOptIn: true, marketingSmsOptIn: false, language: 'th' };
    const put = await route(`${customer.id}/preferences`, accessToken, { method: 'PUT', body: wanted });
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
    expect(put.body).to.include(wanted);
    expect((await route(`${customer.id}/preferences`, accessToken)).body).to.deep.equal(put.body);
    expect((await route(customer.id, accessToken)).body.preferences).to.deep.equal(wanted);

    const [delivered] = await eventually('customer.preferences.updated', () => receivedEvents('customer.preferences.updated', customer.id), (events) => events.length > 0);
    expect(validateAgainst('events/customer.preferences.updated.json', delivered!.event.data)).to.deep.equal([]);
    expect(delivered!.event.data).to.deep.include({ customerId: customer.id, preferences: wanted, changed: ['marketingEmailOptIn', 'language'] });

    expect((await route(`${customer.id}/preferences`, accessToken, { method: 'PUT', body: wanted })).status).to.equal(200);
    await sleep(2500);
    expect(await receivedEvents('customer.preferences.updated', customer.id)).to.have.length(1);
  });

  it("when the body is partial or wrong, or the record is another customer's, then 400 or 403 and nothing changes", async () => {
    const customer = await registeredCustomer('prefsbad');
    const other = await registeredCustomer('prefsother');
    const { accessToken } = await loggedIn(customer.email);
    const otherToken = (await loggedIn(other.email)).accessToken;
    for (const body of [{ marketingEmailOptIn: true }, { marketingEmailOptIn: 'yes', marketingSmsOptIn: false, language: null }, { marketingEmailOptIn: true, marketingSmsOptIn: false, language: 'not a tag' }]) {
      const res = await route(`${customer.id}/preferences`, accessToken, { method: 'PUT', body });
      expect(res.status, JSON.stringify(body)).to.equal(400);
      expect(res.body.errors).to.be.an('array').with.length.greaterThan(0);
    }
    const body = { marketingEmailOptIn: true, marketingSmsOptIn: true, language: null };
    expect((await route(`${customer.id}/preferences`, otherToken, { method: 'PUT', body })).status).to.equal(403);
    expect((await route(`${customer.id}/preferences`, otherToken)).status).to.equal(403);
    expect((await route(`${customer.id}/preferences`, accessToken)).body).to.include({ marketingEmailOptIn: false, marketingSmsOptIn: false });
  });
});

describe('customer password change (POST /v1/customers/{id}/password)', () => {
  it('when a customer changes their password, then the new one signs in, the old one does not, other sessions end and this one stays', async () => {
    const customer = await registeredCustomer('passwd');
    const here = await loggedIn(customer.email);
    const elsewhere = await loggedIn(customer.email, { deviceId: 'old-laptop' });
    const newPassword = 'a much better passphrase';

    const res = await route(`${customer.id}/password`, here.accessToken, { method: 'POST', body: { currentPassword: PASSWORD, newPassword } });
    expect(res.status, res.text).to.equal(204);
    expect(await introspect(elsewhere.accessToken)).to.deep.equal({ active: false });
    expect((await introspect(here.accessToken)).active).to.equal(true);

    expect((await loginRequest(customer.email, PASSWORD)).status).to.equal(401);
    expect((await loginRequest(customer.email, newPassword)).status).to.equal(200);

    const [changed] = await eventually('customer.password.changed', () => receivedEvents('customer.password.changed', customer.id), (events) => events.length > 0);
    expect(validateAgainst('events/customer.password.changed.json', changed!.event.data)).to.deep.equal([]);
    expect(changed!.event.data).to.include({ customerId: customer.id, keepSessionId: here.sessionId });
    expect(JSON.stringify(changed!.event.data)).not.to.match(/passphrase|scrypt|battery/);
    // auth's safety net handles the event too, and still spares the session the change was made in.
    await sleep(2500);
    expect((await introspect(here.accessToken)).active).to.equal(true);
    const revoked = await receivedEvents('session.revoked', customer.id);
    expect(revoked.map((r) => [r.event.data.sid, r.event.data.reason])).to.deep.equal([[elsewhere.sessionId, 'password_changed']]);
  });

  it('when the current password is wrong or the new one too short, then 400 and the password is unchanged', async () => {
    const customer = await registeredCustomer('passwdbad');
    const { accessToken } = await loggedIn(customer.email);
    const wrong = await route(`${customer.id}/password`, accessToken, { method: 'POST', body: { currentPassword: 'not it at all', newPassword: 'another long one' } });
    expect(wrong.status).to.equal(400);
    expect(wrong.body).to.include({ code: 'invalid_credentials' });
    expect(wrong.body.errors[0].pointer).to.equal('/currentPassword');
    const short = await route(`${customer.id}/password`, accessToken, { method: 'POST', body: { currentPassword: PASSWORD, newPassword: 'short' } });
    expect(short.status).to.equal(400);
    expect(short.body.errors.map((e: { pointer: string }) => e.pointer)).to.include('/newPassword');
    expect((await loginRequest(customer.email, PASSWORD)).status).to.equal(200);
    expect(JSON.stringify(wrong.body) + JSON.stringify(short.body)).not.to.match(/scrypt/);
  });
});

describe('customer password: the login budget, staff resets and unlocks', () => {
  it('when wrong current passwords are tried, then they count as failed logins: at most 5 are checked even in parallel, then the password change and login both answer 423', async function () {
    this.timeout(60_000);
    const customer = await registeredCustomer('passwdbudget');
    const { accessToken } = await loggedIn(customer.email);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => route(`${customer.id}/password`, accessToken, { method: 'POST', body: { currentPassword: `wrong guess ${i}`, newPassword: 'another long one' } })),
    );
    const statuses = answers.map((a) => a.status);
    // A 400 is a password that was checked and wrong: no more of them than the budget.
    expect(statuses.filter((s) => s === 400).length, statuses.join(',')).to.be.within(1, 5);
    expect(statuses.every((s) => s === 400 || s === 423 || s === 429), statuses.join(',')).to.equal(true);
    for (const refused of answers.filter((a) => a.status !== 400)) {
      expect(refused.body.code).to.equal(refused.status === 423 ? 'account_locked' : 'too_many_attempts');
      expect(Number(refused.headers.get('retry-after'))).to.be.greaterThan(0);
    }
    // Shared with login: the right password is refused while the lock holds, both ways.
    const right = await route(`${customer.id}/password`, accessToken, { method: 'POST', body: { currentPassword: PASSWORD, newPassword: 'another long one' } });
    expect(right.status, right.text).to.equal(423);
    expect((await loginRequest(customer.email, PASSWORD)).status).to.equal(423);
  });

  it('when staff unlock a locked customer, then the customer signs in at once and account.unlocked says who; a customer cannot unlock themself', async function () {
    this.timeout(60_000);
    const customer = await registeredCustomer('unlock');
    const own = await loggedIn(customer.email);
    const support = await staffSession(['support']);
    for (let i = 0; i < 5; i++) await loginRequest(customer.email, `wrong ${i}`);
    expect((await loginRequest(customer.email, PASSWORD)).status).to.equal(423);
    expect((await route(`${customer.id}/unlock`, own.accessToken, { method: 'POST' })).status).to.equal(403);
    const unlocked = await route(`${customer.id}/unlock`, support.accessToken, { method: 'POST' });
    expect(unlocked.status, unlocked.text).to.equal(200);
    expect(unlocked.body).to.deep.equal({ wasLocked: true });
    expect((await loginRequest(customer.email, PASSWORD)).status).to.equal(200);
    const [event] = await eventually('account.unlocked', () => receivedEvents('account.unlocked', customer.id), (events) => events.length > 0);
    expect(validateAgainst('events/account.unlocked.json', event!.event.data)).to.deep.equal([]);
    expect(event!.event.data).to.include({ userType: 'customer', subjectId: customer.id, wasLocked: true });
    expect(event!.event.data.performedBy).to.deep.equal({ kind: 'admin', id: support.id });
  });

  it('when staff with customers:write try the change with a current password, then 403; they issue a reset token the customer redeems once, and every session ends', async function () {
    this.timeout(60_000);
    const customer = await registeredCustomer('staffreset');
    const own = await loggedIn(customer.email);
    const support = await staffSession(['support']);
    const viaStaff = await route(`${customer.id}/password`, support.accessToken, { method: 'POST', body: { currentPassword: PASSWORD, newPassword: 'set by support staff' } });
    expect(viaStaff.status).to.equal(403);
    expect((await route(`${customer.id}/password-reset`, own.accessToken, { method: 'POST' })).status).to.equal(403, 'the customer is not staff');

    const issued = await route(`${customer.id}/password-reset`, support.accessToken, { method: 'POST' });
    expect(issued.status, issued.text).to.equal(201);
    expect(issued.body.token).to.be.a('string');
    expect(Date.parse(issued.body.expiresAt)).to.be.greaterThan(Date.now());
    const reset = (body: unknown) => invoke('customer', 'customer', 'v1/customers/password-reset', { method: 'POST', body });
    const newPassword = 'chosen after the reset';
    expect((await reset({ token: `${issued.body.token.slice(0, -2)}xx`, newPassword })).body.code).to.equal('invalid_reset_token');
    expect((await reset({ token: 'not-a-token-at-all-but-long-enough', newPassword })).status).to.equal(400);
    const done = await reset({ token: issued.body.token, newPassword });
    expect(done.status, done.text).to.equal(204);
    const again = await reset({ token: issued.body.token, newPassword: 'a second go at it' });
    expect(again.status).to.equal(400);
    expect(again.body.code).to.equal('invalid_reset_token');

    expect(await introspect(own.accessToken)).to.deep.equal({ active: false });
    expect((await loginRequest(customer.email, PASSWORD)).status).to.equal(401);
    expect((await loginRequest(customer.email, newPassword)).status).to.equal(200);
    const [issuedEvent] = await eventually('customer.password_reset.issued', () => receivedEvents('customer.password_reset.issued', customer.id), (events) => events.length > 0);
    expect(validateAgainst('events/customer.password_reset.issued.json', issuedEvent!.event.data)).to.deep.equal([]);
    expect(issuedEvent!.event.data.performedBy).to.deep.equal({ kind: 'admin', id: support.id });
    expect(JSON.stringify(issuedEvent!.event.data)).not.to.include(issued.body.token.split('.')[1]);
    const [changed] = await eventually('customer.password.changed', () => receivedEvents('customer.password.changed', customer.id), (events) => events.length > 0);
    expect(changed!.event.data.performedBy).to.deep.equal({ kind: 'system', id: 'password-reset' });
  });
});
