// The credentials route is for auth only: Dapr access control admits app-id auth (by its mTLS
// identity) and refuses every other caller; the app port refuses anyone without daprd's token.
import { expect } from 'chai';
import { direct, invoke, uniqueEmail } from '../harness/clients.js';

const path = 'internal/credentials/verify';

describe('customer credentials verification (internal, auth only)', () => {
  const email = uniqueEmail('creds');
  const password = 'correct horse battery';

  before(async () => {
    const created = await invoke('customer', 'customer', 'v1/customers', { method: 'POST', body: { email, password, firstName: 'Alan', lastName: 'Turing' } });
    expect(created.status).to.equal(201);
  });

  it('when auth asks with the right password, then the customer id and status come back, and never the hash', async () => {
    const res = await invoke('auth', 'customer', path, { method: 'POST', body: { email: email.toUpperCase(), password } });
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ valid: true, status: 'active' });
    expect(res.body.subjectId).to.match(/^[0-9a-f-]{36}$/);
    expect(res.text).not.to.match(/scrypt|hash/i);
  });

  it('when auth asks with a wrong password or an unknown email, then the same answer: not valid', async () => {
    const wrong = await invoke('auth', 'customer', path, { method: 'POST', body: { email, password: 'wrong password!' } });
    const unknown = await invoke('auth', 'customer', path, { method: 'POST', body: { email: uniqueEmail('nobody'), password } });
    expect(wrong.status).to.equal(200);
    expect(wrong.body).to.deep.equal({ valid: false });
    expect(unknown.body).to.deep.equal(wrong.body);
  });

  it('when user or any other app calls it, then Dapr access control refuses with 403', async () => {
    for (const caller of ['user', 'subscriber'] as const) {
      const res = await invoke(caller, 'customer', path, { method: 'POST', body: { email, password } });
      expect(res.status, caller).to.equal(403);
      expect(res.text, caller).to.match(/access control policy has denied access/);
    }
  });

  it('when someone calls the app port directly without the sidecar token, then 401 problem+json', async () => {
    const res = await direct('customer', '/internal/credentials/verify', { method: 'POST', body: { email, password } });
    expect(res.status).to.equal(401);
    expect(res.body.code).to.equal('unauthorized');
  });
});
