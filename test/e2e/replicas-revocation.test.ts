// Revocation is strict across replicas: each auth instance re-reads a session it serves at least
// every SESSION_CACHE_MS (500 ms), and the customer app reuses an introspection answer for at most
// AUTH_INTROSPECTION_CACHE_SECONDS (0.5 s), so a session revoked through one auth instance answers
// inactive everywhere within 1 s, with no revocation feed that could be missed.
import { expect } from 'chai';
import type { RunningApp } from '../../scripts/runtime/apps.js';
import { invoke } from '../harness/clients.js';
import { call } from '../harness/http.js';
import { bearer, loggedIn, registeredCustomer } from '../harness/identities.js';
import { runtime, startReplica, stopReplica } from '../harness/runtime.js';

const REVOCATION_BOUND_MS = 1_000;

interface Answer {
  startedAt: number;
  active: boolean;
}

/** Asks `active()` back to back, from now until `stop()` says so, and keeps every answer. */
function watch(active: () => Promise<boolean>, stop: () => boolean): Promise<Answer[]> {
  return (async () => {
    const answers: Answer[] = [];
    while (!stop()) {
      const startedAt = Date.now();
      answers.push({ startedAt, active: await active() });
    }
    return answers;
  })();
}

describe('revocation across auth replicas and apps', function () {
  this.timeout(180_000);
  let second: RunningApp | undefined;

  before(async () => {
    second = await startReplica('auth');
  });
  after(async () => {
    if (second) await stopReplica(second);
  });

  it('when a session is revoked through one auth instance, then the other instance, the first one and the customer app all answer inactive within 1 s', async () => {
    const first = runtime().apps.auth;
    const customer = await registeredCustomer('replicas');
    const tokens = await loggedIn(customer.email);
    const introspectAt = (app: RunningApp) => async () => (await call(`${app.appUrl}/v1/auth/introspect`, { method: 'POST', body: { token: tokens.accessToken } })).body.active === true;
    const customerAccepts = async () => (await invoke('customer', 'customer', 'v1/customers/me', { headers: bearer(tokens.accessToken) })).status === 200;

    // Every observer answers active and keeps its caches warm right up to the revocation.
    let revokedAt = Number.POSITIVE_INFINITY;
    const until = () => Date.now() > revokedAt + REVOCATION_BOUND_MS + 1_500;
    const observers = { 'the other auth instance': introspectAt(second!), 'the revoking auth instance': introspectAt(first), 'the customer app': customerAccepts };
    const watching = Object.entries(observers).map(async ([name, active]) => [name, await watch(active, until)] as const);
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const logout = await call(`${first.appUrl}/v1/auth/logout`, { method: 'POST', headers: bearer(tokens.accessToken) });
    expect(logout.status, logout.text).to.equal(204);
    revokedAt = Date.now();

    for (const [name, answers] of await Promise.all(watching)) {
      const before = answers.filter((a) => a.startedAt < revokedAt - 200);
      expect(before.length, `${name} was asked before the revocation`).to.be.greaterThan(0);
      expect(before.every((a) => a.active), `${name} accepted the session before the revocation`).to.equal(true);
      const lastActive = Math.max(...answers.filter((a) => a.active).map((a) => a.startedAt));
      console.log(`      ${name}: last accepted ${lastActive - revokedAt} ms after the revocation`);
      expect(lastActive - revokedAt, name).to.be.below(REVOCATION_BOUND_MS);
      expect(answers.filter((a) => a.startedAt > revokedAt + REVOCATION_BOUND_MS).every((a) => !a.active), name).to.equal(true);
    }
  });
});
