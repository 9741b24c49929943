// Closing an account: deactivation and soft delete commit with their events through the outbox and
// end the customer's sessions in auth at once.
import { expect } from 'chai';
import { validateAgainst } from '../harness/schemas.js';
import { eventually } from '../harness/http.js';
import { customerDatabase, invoke, receivedEvents } from '../harness/clients.js';
import { bearer, introspect, loggedIn, loginRequest, PASSWORD, registeredCustomer } from '../harness/identities.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const customerRoute = (path: string, token: string, options: { method?: string; body?: unknown } = {}) =>
  invoke('customer', 'customer', `v1/customers/${path}`, { ...options, headers: bearer(token) });

describe('customer status changes and deletion', () => {
  it('when a customer deactivates their account, then it is inactive, every token is inactive at once, sign-in is refused, and customer.status.changed arrives once', async () => {
    const customer = await registeredCustomer('deactivate');
    const first = await loggedIn(customer.email);
    const second = await loggedIn(customer.email, { deviceId: 'tablet' });

    const res = await customerRoute(`${customer.id}/deactivate`, first.accessToken, { method: 'POST' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body).to.include({ id: customer.id, status: 'inactive' });
    expect(await introspect(first.accessToken)).to.deep.equal({ active: false });
    expect(await introspect(second.accessToken)).to.deep.equal({ active: false });

    const login = await loginRequest(customer.email, PASSWORD);
    expect(login.status).to.equal(403);
    expect(login.body.code).to.equal('account_disabled');

    const [changed] = await eventually('customer.status.changed', () => receivedEvents('customer.status.changed', customer.id), (events) => events.length > 0);
    expect(validateAgainst('events/customer.status.changed.json', changed!.event.data)).to.deep.equal([]);
    expect(changed!.event.data).to.include({ customerId: customer.id, previousStatus: 'active', status: 'inactive', customerType: 'individual' });
    const revoked = await eventually('session.revoked for both sessions', () => receivedEvents('session.revoked', customer.id), (events) => events.length >= 2);
    expect(revoked.map((r) => r.event.data.reason)).to.deep.equal(['subject_deactivated', 'subject_deactivated']);
    await sleep(1500);
    expect(await receivedEvents('customer.status.changed', customer.id)).to.have.length(1);
  });

  it('when a customer deletes their account, then customer, profile and preferences are marked deleted together, tokens die, the email is free, and customer.deleted arrives once', async () => {
    const customer = await registeredCustomer('delete');
    const tokens = await loggedIn(customer.email);

    const res = await customerRoute(customer.id, tokens.accessToken, { method: 'DELETE' });
    expect(res.status, res.text).to.equal(204);
    expect(await introspect(tokens.accessToken)).to.deep.equal({ active: false });

    const { rows } = await customerDatabase().query<{ doc: any }>(`SELECT convert_from(value, 'UTF8')::jsonb AS doc FROM agg_state WHERE key = $1`, [`customer||customer:${customer.id}`]);
    const doc = rows[0]!.doc;
    expect(doc.customer).to.include({ status: 'deleted', statusBeforeDeletion: 'active' });
    expect(doc.customer.deletedAt).to.be.a('string');
    expect(doc.profile.deletedAt).to.equal(doc.customer.deletedAt);
    expect(doc.preferences.deletedAt).to.equal(doc.customer.deletedAt);

    const [deleted] = await eventually('customer.deleted', () => receivedEvents('customer.deleted', customer.id), (events) => events.length > 0);
    expect(validateAgainst('events/customer.deleted.json', deleted!.event.data)).to.deep.equal([]);
    expect(deleted!.event.data).to.include({ customerId: customer.id, reason: 'soft_delete', deletedAt: doc.customer.deletedAt });
    const [revoked] = await eventually('session.revoked', () => receivedEvents('session.revoked', tokens.sessionId), (events) => events.length > 0);
    expect(revoked!.event.data.reason).to.equal('subject_deleted');

    expect((await loginRequest(customer.email)).status).to.equal(401);
    const again = await invoke('customer', 'customer', 'v1/customers', { method: 'POST', body: { email: customer.email, password: PASSWORD, firstName: 'New', lastName: 'Start' } });
    expect(again.status).to.equal(201);
    expect(again.body.id).not.to.equal(customer.id);
    await sleep(1500);
    expect(await receivedEvents('customer.deleted', customer.id)).to.have.length(1);
  });
});
