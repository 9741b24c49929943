// Login, tokens and introspection through auth's sidecar, with credentials checked by the customer app.
import { expect } from 'chai';
import { invoke, receivedEvents, scrapeMetrics, uniqueEmail } from '../harness/clients.js';
import { eventually } from '../harness/http.js';
import { decodeJwt, introspect, loggedIn, loginRequest, PASSWORD, registeredCustomer } from '../harness/identities.js';
import { validateAgainst } from '../harness/schemas.js';

describe('login (POST /v1/auth/login)', () => {
  it('when a customer logs in with the right password, then tokens come back and introspection says active', async () => {
    const customer = await registeredCustomer('login');
    const res = await loginRequest(customer.email.toUpperCase(), PASSWORD, { userType: 'Customer', deviceId: 'phone-1' });

    expect(res.status).to.equal(200);
    expect(res.headers.get('cache-control')).to.equal('no-store');
    expect(res.body).to.include({ tokenType: 'Bearer', expiresIn: 900 });
    expect(res.body.sessionId).to.match(/^[0-9a-f-]{36}$/);
    expect(res.body.refreshToken).to.match(new RegExp(`^${res.body.sessionId}\\.`));

    const { header, payload } = decodeJwt(res.body.accessToken);
    expect(header).to.include({ alg: 'ES256', typ: 'at+jwt' });
    expect(header.kid).to.be.a('string');
    expect(payload).to.include({ sub: customer.id, sid: res.body.sessionId, user_type: 'customer', iss: 'urn:idp:auth', aud: 'urn:idp:platform' });
    expect(Number(payload.exp) - Number(payload.iat)).to.equal(900);
    expect(payload.jti).to.be.a('string');

    const active = await introspect(res.body.accessToken);
    expect(active).to.include({ active: true, sub: customer.id, sid: res.body.sessionId, userType: 'customer', exp: payload.exp });

    const jwks = await invoke('auth', 'auth', '.well-known/jwks.json');
    expect(jwks.status).to.equal(200);
    const key = (jwks.body.keys as Record<string, unknown>[]).find((k) => k.kid === header.kid);
    expect(key).to.include({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(key).not.to.have.property('d');
  });

  it('when a customer logs in, then session.created and user.authenticated are published with schema-valid data', async () => {
    const customer = await registeredCustomer('events');
    const tokens = await loggedIn(customer.email);
    for (const type of ['session.created', 'user.authenticated']) {
      const [received] = await eventually(`${type} to arrive`, () => receivedEvents(type, tokens.sessionId), (events) => events.length > 0);
      expect(received!.topic).to.equal('auth-events');
      expect(validateAgainst(`events/${type}.json`, received!.event.data)).to.deep.equal([]);
      expect(received!.event.data).to.include({ subjectId: customer.id, userType: 'customer' });
    }
  });

  it('when the password is wrong or the email unknown, then the same 401 invalid_credentials', async () => {
    const customer = await registeredCustomer('wrong');
    const wrong = await loginRequest(customer.email, 'not the password');
    const unknown = await loginRequest(uniqueEmail('nobody'), PASSWORD);

    for (const res of [wrong, unknown]) {
      expect(res.status).to.equal(401);
      expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(res.body).to.include({ code: 'invalid_credentials', detail: 'The email or password is not correct.' });
    }
  });

  it('when the user type is not customer, admin or shipper, or the body is malformed, then 400', async () => {
    const bad = await loginRequest('a@example.com', PASSWORD, { userType: 'martian' });
    expect(bad.status).to.equal(400);
    expect(bad.body.code).to.equal('validation_failed');
    expect(bad.body.errors).to.deep.include({ pointer: '/userType', detail: 'must be one of: customer, admin, shipper' });

    const missing = await invoke('auth', 'auth', 'v1/auth/login', { method: 'POST', body: { email: 'a@example.com' } });
    expect(missing.status).to.equal(400);
    expect((missing.body.errors as { pointer: string }[]).map((e) => e.pointer)).to.include.members(['/userType', '/password']);
  });

  it('when a customer password is tried as an admin, then it does not log in', async () => {
    const customer = await registeredCustomer('crosstype');
    const res = await loginRequest(customer.email, PASSWORD, { userType: 'admin' });
    expect(res.status).to.be.oneOf([401, 503]);
    expect(res.body.accessToken).to.equal(undefined);
  });

  it('when customers log in, refresh and introspect, then auth /metrics counts them and reports active sessions', async () => {
    const customer = await registeredCustomer('metrics');
    const tokens = await loggedIn(customer.email);
    await introspect(tokens.accessToken);
    expect((await invoke('auth', 'auth', 'v1/auth/refresh', { method: 'POST', body: { refreshToken: tokens.refreshToken } })).status).to.equal(200);

    const metrics = await scrapeMetrics('auth');
    expect(metrics).to.match(/^auth_logins_total\{[^}]*user_type="customer"[^}]*result="success"[^}]*\} [1-9]/m);
    expect(metrics).to.match(/^auth_token_validations_total\{[^}]*result="active"[^}]*\} [1-9]/m);
    expect(metrics).to.match(/^auth_refreshes_total\{[^}]*result="success"[^}]*\} [1-9]/m);
    expect(metrics).to.match(/^auth_sessions_active\{[^}]*user_type="customer"[^}]*\} [1-9]/m);
    expect(metrics).to.include('auth_login_duration_seconds_bucket');
    expect(metrics).to.include('auth_introspection_duration_seconds_bucket');
  });
});
