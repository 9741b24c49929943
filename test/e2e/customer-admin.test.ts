// Customers as staff see them, through the customer app's sidecar with admin tokens from the user app
// and auth: permission checks, lookups, moderation, the directory listing, and customer groups.
import { expect } from 'chai';
import { validateAgainst } from '../harness/schemas.js';
import { eventually } from '../harness/http.js';
import { direct, invoke, receivedEvents, uniqueEmail, uniquePhone } from '../harness/clients.js';
import { adminSession, bearer, introspect, loggedIn, PASSWORD, registeredCustomer, staffSession } from '../harness/identities.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const customers = (path: string, token: string, options: { method?: string; body?: unknown } = {}) =>
  invoke('customer', 'customer', `v1/customers${path}`, { ...options, headers: bearer(token) });
const groups = (path: string, token: string, options: { method?: string; body?: unknown } = {}) =>
  invoke('customer', 'customer', `v1/customer-groups${path}`, { ...options, headers: bearer(token) });

async function register(tag: string, extra: Record<string, unknown> = {}): Promise<{ id: string; email: string }> {
  const email = uniqueEmail(tag);
  const res = await invoke('customer', 'customer', 'v1/customers', { method: 'POST', body: { email, password: PASSWORD, firstName: 'Dir', lastName: tag, ...extra } });
  expect(res.status, res.text).to.equal(201);
  return { id: res.body.id, email };
}

describe('customers for staff (admin permissions)', () => {
  it('when staff read, change or moderate a customer, then customers:read reads, customers:write changes, others get 403', async () => {
    const support = await staffSession(['support']);
    const viewer = await staffSession(['viewer']);
    const shipper = await staffSession(['shipper'], 'shipper');
    const customer = await registeredCustomer('moderated');
    const session = await loggedIn(customer.email);

    expect((await customers(`/${customer.id}`, viewer.accessToken)).status).to.equal(200);
    expect((await customers(`/${customer.id}`, shipper.accessToken)).status).to.equal(403);
    expect((await customers(`/${customer.id}`, viewer.accessToken, { method: 'PATCH', body: { firstName: 'Nope' } })).status).to.equal(403);
    const patched = await customers(`/${customer.id}`, support.accessToken, { method: 'PATCH', body: { firstName: 'Changed' } });
    expect(patched.status, patched.text).to.equal(200);
    expect(patched.body.firstName).to.equal('Changed');

    // Suspension is for staff only, and ends the customer's sessions at once.
    expect((await customers(`/${customer.id}/suspend`, session.accessToken, { method: 'POST' })).status).to.equal(403);
    expect((await customers(`/${customer.id}/suspend`, viewer.accessToken, { method: 'POST' })).status).to.equal(403);
    const suspended = await customers(`/${customer.id}/suspend`, support.accessToken, { method: 'POST' });
    expect(suspended.status, suspended.text).to.equal(200);
    expect(suspended.body.status).to.equal('suspended');
    expect(await introspect(session.accessToken)).to.deep.equal({ active: false });
    expect((await customers(`/${customer.id}/activate`, support.accessToken, { method: 'POST' })).body.status).to.equal('active');

    const [changed] = await eventually('customer.status.changed', () => receivedEvents('customer.status.changed', customer.id), (found) => found.length >= 2);
    expect(changed!.event.data.performedBy).to.deep.equal({ kind: 'admin', id: support.id });
    const audit = await eventually('the audit', async () => (await customers(`/${customer.id}/audit`, viewer.accessToken)).body.items, (items: { action: string; performedBy: unknown }[]) => items.length >= 4);
    expect(audit.find((e) => e.action === 'customer.updated')!.performedBy).to.deep.equal({ kind: 'admin', id: support.id });
  });

  it('when staff look customers up by email or phone, then one hop answers the record or 404; customers may not', async () => {
    const viewer = await staffSession(['viewer']);
    const phone = uniquePhone();
    const customer = await register('lookup', { phone });
    const byEmail = await customers(`?email=${encodeURIComponent(customer.email.toUpperCase())}`, viewer.accessToken);
    expect(byEmail.status, byEmail.text).to.equal(200);
    expect(byEmail.body.id).to.equal(customer.id);
    const byPhone = await customers(`?phone=${encodeURIComponent(phone)}`, viewer.accessToken);
    expect(byPhone.body.id).to.equal(customer.id);
    expect((await customers(`?email=${encodeURIComponent(uniqueEmail('nobody'))}`, viewer.accessToken)).status).to.equal(404);
    expect((await customers('?phone=12', viewer.accessToken)).status).to.equal(400);
    expect((await customers(`?email=a@b.co&phone=${encodeURIComponent(phone)}`, viewer.accessToken)).status).to.equal(400);
    const self = (await loggedIn(customer.email)).accessToken;
    expect((await customers(`?email=${encodeURIComponent(customer.email)}`, self)).status).to.equal(403);
  });

  it('when staff list the directory, then filters apply and keyset pages cover every match once, newest first', async () => {
    const viewer = await staffSession(['viewer']);
    const support = await staffSession(['support']);
    const tag = `dir${Date.now().toString(36)}`;
    const made: { id: string }[] = [];
    for (let i = 0; i < 5; i += 1) made.push(await register(tag, i === 4 ? { customerType: 'business' } : {}));
    await customers(`/${made[1]!.id}/suspend`, support.accessToken, { method: 'POST' });

    await eventually('the directory', async () => (await customers(`?q=${tag}&status=active,suspended&limit=100`, viewer.accessToken)).body.items, (items: unknown[]) => items.length === 5);
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?q=${tag}&status=active,suspended&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await customers(query, viewer.accessToken);
      expect(page.status, page.text).to.equal(200);
      pages.push(page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pages.map((p) => p.length)).to.deep.equal([2, 2, 1]);
    expect(pages.flat()).to.deep.equal(made.map((c) => c.id).reverse());

    const suspended = await eventually('the suspension in the directory', async () => (await customers(`?q=${tag}&status=suspended`, viewer.accessToken)).body.items, (items: { id: string }[]) => items.length === 1);
    expect(suspended[0]!.id).to.equal(made[1]!.id);
    expect((await customers(`?q=${tag}&customerType=business`, viewer.accessToken)).body.items.map((c: { id: string }) => c.id)).to.deep.equal([made[4]!.id]);
    // Without a status filter every customer but deleted ones is listed.
    expect((await customers(`?q=${tag}`, viewer.accessToken)).body.items).to.have.length(5);
    expect((await customers(`?q=${tag}&status=active`, viewer.accessToken)).body.items).to.have.length(4);
    expect((await customers(`?q=${tag}&emailVerified=true`, viewer.accessToken)).body.items).to.deep.equal([]);

    for (const query of ['?limit=0', '?status=gone', '?emailVerified=maybe', '?cursor=zzz', '?sort=name']) {
      const res = await customers(query, viewer.accessToken);
      expect(res.status, query).to.equal(400);
    }
    const customerToken = (await loggedIn((await registeredCustomer('notadmin')).email)).accessToken;
    expect((await customers(`?q=${tag}`, customerToken)).status).to.equal(403);
  });

  it('when a keyset list gets a tampered cursor, then 400 validation_failed names the cursor, on every list', async () => {
    const admin = await adminSession();
    const customer = await registeredCustomer('cursor');
    const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    // ["1","a"] passes Date.parse; the others are calendar times that do not exist or wrong shapes.
    const tampered = ['WyIxIiwiYSJd', cursorOf(['2026-02-30T00:00:00.000Z', '1']), cursorOf(['2026-01-01T24:00:00.000Z', '1']), cursorOf(['2026-01-01T00:00:00.000Z']), cursorOf({ a: 1 })];
    const lists: [string, string][] = [
      ['customer', 'v1/customers'],
      ['customer', `v1/customers/${customer.id}/audit`],
      ['customer', 'v1/customer-groups'],
      ['customer', 'v1/segments'],
      ['user', 'v1/users'],
    ];
    for (const [app, path] of lists) {
      for (const cursor of tampered) {
        const res = await invoke(app as 'customer' | 'user', app, `${path}?cursor=${cursor}`, { headers: bearer(admin.accessToken) });
        expect(res.status, `${path} ${cursor}: ${res.text}`).to.equal(400);
        expect(res.body.code).to.equal('validation_failed');
        expect(res.body.errors).to.deep.include({ pointer: '/cursor', detail: 'is not a cursor this API returned' });
      }
    }
  });

  it('when staff manage groups and memberships, then assignment is idempotent, each change publishes once, and a group with members stays', async () => {
    const support = await staffSession(['support']);
    const viewer = await staffSession(['viewer']);
    const name = `Wholesale ${Date.now().toString(36)}`;
    const created = await groups('', support.accessToken, { method: 'POST', body: { name, description: 'B2B prices' } });
    expect(created.status, created.text).to.equal(201);
    const group = created.body;
    expect(created.headers.get('location')).to.equal(`/v1/customer-groups/${group.id}`);
    const duplicate = await groups('', support.accessToken, { method: 'POST', body: { name: name.toUpperCase() } });
    expect(duplicate.status).to.equal(409);
    expect(duplicate.body.code).to.equal('group_name_taken');
    expect((await groups('', viewer.accessToken, { method: 'POST', body: { name: `${name} 2` } })).status).to.equal(403);
    expect((await groups(`/${group.id}`, viewer.accessToken)).body).to.deep.equal(group);
    const listed = (await groups('?limit=100', viewer.accessToken)).body.items.map((g: { id: string }) => g.id);
    expect(listed).to.include(group.id);
    const renamed = await groups(`/${group.id}`, support.accessToken, { method: 'PATCH', body: { description: null } });
    expect(renamed.body).to.include({ name, description: null });

    const customer = await registeredCustomer('grouped');
    const assigned = await groups(`/${group.id}/customers/${customer.id}`, support.accessToken, { method: 'PUT' });
    expect(assigned.status, assigned.text).to.equal(200);
    expect(assigned.body).to.deep.equal({ customerId: customer.id, groupIds: [group.id], changed: true });
    expect((await groups(`/${group.id}/customers/${customer.id}`, support.accessToken, { method: 'PUT' })).body.changed).to.equal(false);
    expect((await customers(`/${customer.id}`, viewer.accessToken)).body.groupIds).to.deep.equal([group.id]);
    const members = await eventually('the membership in the directory', async () => (await groups(`/${group.id}/customers`, viewer.accessToken)).body.items, (items: { id: string }[]) => items.length === 1);
    expect(members[0]!.id).to.equal(customer.id);

    const notEmpty = await groups(`/${group.id}`, support.accessToken, { method: 'DELETE' });
    expect(notEmpty.status).to.equal(409);
    expect(notEmpty.body).to.include({ code: 'group_not_empty', members: 1 });

    expect((await groups(`/${group.id}/customers/${customer.id}`, support.accessToken, { method: 'DELETE' })).status).to.equal(204);
    expect((await groups(`/${group.id}/customers/${customer.id}`, support.accessToken, { method: 'DELETE' })).status).to.equal(204);
    const [assignedEvent] = await eventually('customer.group.assigned', () => receivedEvents('customer.group.assigned', customer.id), (found) => found.length > 0);
    const [unassignedEvent] = await eventually('customer.group.unassigned', () => receivedEvents('customer.group.unassigned', customer.id), (found) => found.length > 0);
    expect(validateAgainst('events/customer.group.assigned.json', assignedEvent!.event.data)).to.deep.equal([]);
    expect(assignedEvent!.event.data).to.deep.include({ groupId: group.id, groupIds: [group.id], performedBy: { kind: 'admin', id: support.id } });
    expect(unassignedEvent!.event.data).to.deep.include({ groupId: group.id, groupIds: [] });
    await sleep(2000);
    expect(await receivedEvents('customer.group.assigned', customer.id)).to.have.length(1);
    expect(await receivedEvents('customer.group.unassigned', customer.id)).to.have.length(1);

    await eventually('the directory to drop the member', async () => (await groups(`/${group.id}/customers`, viewer.accessToken)).body.items, (items: unknown[]) => items.length === 0);
    expect((await groups(`/${group.id}`, support.accessToken, { method: 'DELETE' })).status).to.equal(204);
    expect((await groups(`/${group.id}`, viewer.accessToken)).status).to.equal(404);
    const gone = await groups(`/${group.id}/customers/${customer.id}`, support.accessToken, { method: 'PUT' });
    expect(gone.status).to.equal(404);
    expect(gone.body.code).to.equal('group_not_found');
    expect((await groups('', (await loggedIn(customer.email)).accessToken)).status).to.equal(403);
    expect((await groups('', support.accessToken, { method: 'POST', body: { name: ' ' } })).status).to.equal(400);
  });

  it('when another service calls through Dapr without a token, then its app-id grants only what it was given, and apps outside the policy are refused by Dapr', async () => {
    const customer = await registeredCustomer('service');
    // In tests the user app stands for such a service: Dapr admits it, the customer app grants it customers:read.
    const read = await invoke('user', 'customer', `v1/customers/${customer.id}`);
    expect(read.status, read.text).to.equal(200);
    expect(read.body.id).to.equal(customer.id);
    const write = await invoke('user', 'customer', `v1/customers/${customer.id}`, { method: 'PATCH', body: { firstName: 'Service' } });
    expect(write.status).to.equal(403);
    expect(write.body.code).to.equal('forbidden');
    // auth passes Dapr's policy but is granted nothing without a token.
    expect((await invoke('auth', 'customer', `v1/customers/${customer.id}`)).status).to.equal(401);
    // The test subscriber is not in the customer app's access-control policy: its sidecar's call is refused.
    const outsider = await invoke('subscriber', 'customer', `v1/customers/${customer.id}`);
    expect(outsider.status).to.equal(403);
    expect(outsider.text).to.match(/access control|ERR_DIRECT_INVOKE|PermissionDenied/i);
    // A header claiming another identity is not one: Dapr names the caller from its mTLS identity.
    const spoofed = await invoke('auth', 'customer', `v1/customers/${customer.id}`, { headers: { 'dapr-caller-app-id': 'user' } });
    expect(spoofed.status).to.equal(401);
  });

  it('when a caller on the app port itself names a service in dapr-caller-app-id, then it is anonymous (401), not that service', async () => {
    const customer = await registeredCustomer('spoof');
    // `user` holds customers:read through the sidecar (test above); on the app port the header proves nothing.
    const spoofed = await direct('customer', `/v1/customers/${customer.id}`, { headers: { 'dapr-caller-app-id': 'user' } });
    expect(spoofed.status, spoofed.text).to.equal(401);
    expect(spoofed.body.code).to.equal('unauthorized');
    const listed = await direct('customer', '/v1/customers?limit=1', { headers: { 'dapr-caller-app-id': 'user' } });
    expect(listed.status).to.equal(401);
    // The same header with a wrong app token is no better.
    const forged = await direct('customer', `/v1/customers/${customer.id}`, { headers: { 'dapr-caller-app-id': 'user', 'dapr-api-token': 'guessed' } });
    expect(forged.status).to.equal(401);
  });
});
