// REFRESH_REUSE_GRACE_SECONDS, the operator's choice for clients that retry a refresh: auth is
// redeployed with a 3-second window, then back to the strict default (0, tested with the other
// refresh tests: a duplicate at the same moment revokes the session). Outage tests run last: they
// disturb the shared runtime.
import { expect } from 'chai';
import { receivedEvents } from '../../harness/clients.js';
import { eventually } from '../../harness/http.js';
import { introspect, loggedIn, refreshRequest, registeredCustomer } from '../../harness/identities.js';
import { restartApp } from '../../harness/runtime.js';

const GRACE_SECONDS = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('refresh reuse grace window (REFRESH_REUSE_GRACE_SECONDS)', () => {
  before(async function () {
    this.timeout(120_000);
    await restartApp('auth', { REFRESH_REUSE_GRACE_SECONDS: String(GRACE_SECONDS) });
  });

  after(async function () {
    this.timeout(120_000);
    await restartApp('auth', { REFRESH_REUSE_GRACE_SECONDS: '0' });
  });

  it('when one refresh token is presented by 8 requests at once, then all get the same rotated pair, the session stays, and the pair works', async function () {
    this.timeout(60_000);
    const customer = await registeredCustomer('grace-race');
    const first = await loggedIn(customer.email);

    const answers = await Promise.all(Array.from({ length: 8 }, () => refreshRequest(first.refreshToken)));
    expect(answers.map((a) => a.status)).to.deep.equal(Array(8).fill(200), answers.map((a) => a.text).join('\n'));
    const pairs = new Set(answers.map((a) => `${a.body.accessToken} ${a.body.refreshToken}`));
    expect(pairs.size, 'one token family: every duplicate got the same pair').to.equal(1);
    const pair = answers[0]!.body;
    expect(pair.refreshToken).not.to.equal(first.refreshToken);
    expect(pair).to.include({ sessionId: first.sessionId, tokenType: 'Bearer' });
    expect(pair.expiresIn).to.be.within(1, 15 * 60);

    expect(await introspect(pair.accessToken)).to.include({ active: true, sid: first.sessionId });
    const next = await refreshRequest(pair.refreshToken);
    expect(next.status, next.text).to.equal(200);
    expect(await introspect(next.body.accessToken)).to.include({ active: true });
    await sleep(1_500);
    expect(await receivedEvents('session.revoked', first.sessionId)).to.deep.equal([]);
  });

  it('when a retry comes after the window, or an older token comes within it, then the session is revoked for refresh_reuse as without a window', async function () {
    this.timeout(60_000);
    const customer = await registeredCustomer('grace-late');
    const late = await loggedIn(customer.email);
    const rotated = (await refreshRequest(late.refreshToken)).body;
    await sleep(GRACE_SECONDS * 1000 + 700);
    const retry = await refreshRequest(late.refreshToken);
    expect(retry.status).to.equal(401);
    expect(retry.body.code).to.equal('invalid_refresh_token');
    expect(await introspect(rotated.accessToken)).to.deep.equal({ active: false });
    const [revoked] = await eventually('session.revoked', () => receivedEvents('session.revoked', late.sessionId), (events) => events.length > 0);
    expect(revoked!.event.data.reason).to.equal('refresh_reuse');

    // Within the window, but not the last refresh: the first token was rotated twice since.
    const other = await loggedIn(customer.email);
    const second = (await refreshRequest(other.refreshToken)).body;
    const third = (await refreshRequest(second.refreshToken)).body;
    expect((await refreshRequest(other.refreshToken)).status).to.equal(401);
    expect(await introspect(third.accessToken)).to.deep.equal({ active: false });
    expect((await refreshRequest(third.refreshToken)).status).to.equal(401);
  });
});
