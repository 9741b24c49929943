// Passwords are hashed at OWASP's minimum for scrypt (N=2^17, r=8, p=1). An account whose hash was
// made at the platform's earlier cost (N=2^14) still signs in, and that sign-in replaces the hash
// with one at today's cost — without an event, a version bump or any change a reader sees.
import { expect } from 'chai';
import { scryptSync } from 'node:crypto';
import { receivedEvents, sidecar } from '../harness/clients.js';
import { eventually } from '../harness/http.js';
import { loginRequest, PASSWORD, registeredCustomer } from '../harness/identities.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const legacyHash = (password: string) => {
  const salt = Buffer.from('legacy-salt-0001');
  return `scrypt$16384$8$1$${salt.toString('base64')}$${scryptSync(password.normalize('NFKC'), salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64')}`;
};

describe('password hash cost', () => {
  it('when a customer registers, then the stored hash is scrypt at N=2^17, r=8, p=1', async () => {
    const customer = await registeredCustomer('hashcost');
    const stored = await sidecar('customer', `/v1.0/state/customer-store/customer:${customer.id}`);
    expect(stored.body.credentials.passwordHash).to.match(/^scrypt\$131072\$8\$1\$/);
  });

  it('when an account hashed at the old cost signs in, then it gets in and its hash is replaced at today\'s cost, with no event and no version change', async () => {
    const customer = await registeredCustomer('rehash');
    const key = `/v1.0/state/customer-store/customer:${customer.id}`;
    const document = (await sidecar('customer', key)).body;
    const saved = await sidecar('customer', '/v1.0/state/customer-store', { method: 'POST', body: [{ key: `customer:${customer.id}`, value: { ...document, credentials: { ...document.credentials, passwordHash: legacyHash(PASSWORD) } } }] });
    expect(saved.status, saved.text).to.equal(204);
    // Past the active actor's copy of the document (ACTIVE_CUSTOMER_MAX_AGE_MS, 2 s).
    await sleep(2_200);

    expect((await loginRequest(customer.email, 'not the password')).status).to.equal(401);
    const login = await loginRequest(customer.email);
    expect(login.status, login.text).to.equal(200);
    const upgraded = await eventually('the hash to be replaced', async () => (await sidecar('customer', key)).body, (doc) => doc.credentials.passwordHash.startsWith('scrypt$131072$8$1$'));
    expect(upgraded.version).to.equal(document.version);
    expect(upgraded.credentials.passwordChangedAt).to.equal(document.credentials.passwordChangedAt);
    expect((await loginRequest(customer.email)).status).to.equal(200);
    expect((await loginRequest(customer.email, 'not the password')).status).to.equal(401);
    await sleep(1_500);
    expect(await receivedEvents('customer.password.changed', customer.id)).to.deep.equal([]);
  });
});
