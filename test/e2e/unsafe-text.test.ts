// Text no request may carry — NUL, other control characters, lone surrogates, absurd sizes and
// nesting — gets a 400 (or 413) problem that names the field, on every kind of route, and nothing of
// it reaches the store, the events or the read models.
import { expect } from 'chai';
import { invoke, uniqueEmail } from '../harness/clients.js';
import { adminSession, bearer, loggedIn, PASSWORD, registeredCustomer } from '../harness/identities.js';

describe('unsafe text in requests', () => {
  it('when a registration carries NUL, an escape character or a lone surrogate, then 400 names each field and no customer exists', async () => {
    const email = uniqueEmail('nul');
    const res = await invoke('customer', 'customer', 'v1/customers', { method: 'POST', body: { email, password: PASSWORD, firstName: 'Ann\u0000', lastName: 'Lee\ud800' } });
    expect(res.status, res.text).to.equal(400);
    expect(res.headers.get('content-type')).to.match(/application\/problem\+json/);
    expect(res.body.code).to.equal('validation_failed');
    expect(res.body.errors).to.deep.include({ pointer: '/firstName', detail: 'must not contain control characters' });
    expect(res.body.errors).to.deep.include({ pointer: '/lastName', detail: 'must be valid Unicode text (it holds a lone surrogate)' });
    expect((await invoke('auth', 'auth', 'v1/auth/login', { method: 'POST', body: { userType: 'customer', email, password: PASSWORD } })).status).to.equal(401);
  });

  it('when a customer PATCHes a control character into their profile, then 400 and the profile is unchanged', async () => {
    const customer = await registeredCustomer('nulpatch');
    const { accessToken } = await loggedIn(customer.email);
    for (const firstName of ['a\u0000b', 'a\u001b[31mb', 'a\u007fb', 'a\u0085b', 'two\nlines']) {
      const res = await invoke('customer', 'customer', `v1/customers/${customer.id}`, { method: 'PATCH', body: { firstName }, headers: bearer(accessToken) });
      expect(res.status, JSON.stringify(firstName)).to.equal(400);
      expect(res.body.errors[0].pointer).to.equal('/firstName');
    }
    const read = await invoke('customer', 'customer', `v1/customers/${customer.id}`, { headers: bearer(accessToken) });
    expect(read.body.firstName).to.equal('Test');
  });

  it('when staff create groups or segments with NUL, then 400 (not 500); a description may hold line breaks', async () => {
    const admin = await adminSession();
    const headers = bearer(admin.accessToken);
    const group = await invoke('customer', 'customer', 'v1/customer-groups', { method: 'POST', body: { name: 'VIP\u0000' }, headers });
    expect(group.status, group.text).to.equal(400);
    expect(group.body.errors).to.deep.equal([{ pointer: '/name', detail: 'must not contain control characters' }]);
    const segment = await invoke('customer', 'customer', 'v1/segments', { method: 'POST', body: { name: `s${Date.now()}`, rules: { all: [{ field: 'emailDomain', op: 'eq', value: 'x\u0000.example' }] } }, headers });
    expect(segment.status, segment.text).to.equal(400);
    const multiline = await invoke('customer', 'customer', 'v1/customer-groups', { method: 'POST', body: { name: `g${Date.now()}${Math.random().toString(36).slice(2, 6)}`, description: 'line one\nline two' }, headers });
    expect(multiline.status, multiline.text).to.equal(201);
  });

  it('when a body is nested thousands deep, a string is 1 MB, or a field has the wrong type, then a 4xx problem, never a 500', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const nested = await invoke('customer', 'customer', 'v1/customers', { method: 'POST', rawBody: `{"email":"a@example.com","password":"${PASSWORD}","firstName":"A","lastName":"B","x":${deep}}` });
    expect(nested.status, nested.text.slice(0, 200)).to.equal(400);
    const huge = await invoke('customer', 'customer', 'v1/customers', { method: 'POST', body: { email: uniqueEmail('huge'), password: PASSWORD, firstName: 'x'.repeat(1024 * 1024), lastName: 'B' } });
    expect(huge.status).to.equal(413);
    expect(huge.body.code).to.be.a('string');
    const wrongType = await invoke('customer', 'customer', 'v1/customers', { method: 'POST', body: { email: ['a@example.com'], password: 12345678901, firstName: {}, lastName: null } });
    expect(wrongType.status).to.equal(400);
    const login = await invoke('auth', 'auth', 'v1/auth/login', { method: 'POST', body: { userType: 'customer', email: 'a\u0000@example.com', password: PASSWORD } });
    expect(login.status).to.equal(400);
    expect(login.body.errors[0].pointer).to.equal('/email');
  });
});
