// Public routes under a flood: limited per client address — the address the platform's gateway
// writes (CLIENT_ADDRESS_HEADER, x-client-address in tests), never one a client picks — and per
// identity, while sign-in keeps a password-checking capacity of its own.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { invoke, scrapeMetrics, uniqueEmail } from '../harness/clients.js';
import { loginRequest, PASSWORD, registeredCustomer } from '../harness/identities.js';

const from = (address: string) => ({ 'x-client-address': address });
const register = (email: string, headers: Record<string, string>) =>
  invoke('customer', 'customer', 'v1/customers', { method: 'POST', body: { email, password: PASSWORD, firstName: 'Flood', lastName: 'Test' }, headers });

/** Runs `count` calls with at most `inFlight` at once. */
async function bounded<T>(count: number, inFlight: number, call: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await call(i);
      }
    }),
  );
  return results;
}

describe('public rate limits', () => {
  it('when one address floods registration with 600 requests (60 in flight), then it is limited to 60 a minute with 429 and Retry-After, and 5 real logins from elsewhere all succeed meanwhile', async function () {
    this.timeout(180_000);
    const customers = await Promise.all(Array.from({ length: 5 }, (_, i) => registeredCustomer(`flood-victim-${i}`)));
    const flooder = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
    const flood = bounded(600, 60, (i) => register(uniqueEmail(`flood${i}`), from(flooder)));
    const logins = Promise.all(customers.map((c, i) => loginRequest(c.email, PASSWORD, {}, from(`198.51.100.${i + 1}`))));
    const [answers, signedIn] = await Promise.all([flood, logins]);

    expect(signedIn.map((r) => r.status)).to.deep.equal([200, 200, 200, 200, 200], signedIn.map((r) => r.text).join('\n'));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201).length).to.be.within(1, 60);
    expect(statuses.every((s) => s === 201 || s === 429 || s === 503), [...new Set(statuses)].join(',')).to.equal(true);
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).to.be.greaterThan(500);
    for (const refused of limited.slice(0, 5)) {
      expect(refused.body.code).to.equal('too_many_requests');
      expect(Number(refused.headers.get('retry-after'))).to.be.within(1, 60);
    }
    expect(await scrapeMetrics('customer')).to.match(/public_requests_rate_limited_total\{[^}]*route="registration"[^}]*by="address"[^}]*\} [1-9]/);
  });

  it('when a client sends its own X-Forwarded-For, then the address is still the gateway\'s: the 61st refresh from it is refused', async function () {
    this.timeout(60_000);
    const address = `192.0.2.${Math.floor(Math.random() * 200) + 1}`;
    const answers = await bounded(61, 10, (i) =>
      invoke('auth', 'auth', 'v1/auth/refresh', { method: 'POST', body: { refreshToken: `${randomUUID()}.${'A'.repeat(43)}` }, headers: { ...from(address), 'x-forwarded-for': `10.9.${i}.1` } }),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).to.have.length(60);
    expect(statuses.filter((s) => s === 429)).to.have.length(1);
    expect(answers.find((a) => a.status === 429)!.body.code).to.equal('too_many_requests');
  });

  it('when made-up reset tokens for one account arrive from many addresses, then the account\'s limit refuses the 31st, and none of them cost a hash', async function () {
    this.timeout(60_000);
    const customer = await registeredCustomer('reset-flood');
    const answers = await bounded(31, 5, (i) =>
      invoke('customer', 'customer', 'v1/customers/password-reset', { method: 'POST', body: { token: `${customer.id}.${randomUUID().replace(/-/g, '')}`, newPassword: 'never to be set' }, headers: from(`100.64.0.${i + 1}`) }),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 400)).to.have.length(30);
    expect(statuses.filter((s) => s === 429)).to.have.length(1);
    expect(answers.every((a) => a.status === 429 || a.body.code === 'invalid_reset_token')).to.equal(true);
    expect((await loginRequest(customer.email, PASSWORD)).status).to.equal(200);
  });
});
