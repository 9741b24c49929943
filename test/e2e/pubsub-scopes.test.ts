// Topic scopes on the shared pub/sub (components/pubsub.yaml): each topic has exactly its producer,
// so no other app — however it reaches a sidecar — can forge an identity event, and the events'
// handlers cannot be reached around daprd either.
import { expect } from 'chai';
import { direct, receivedEvents, sidecar } from '../harness/clients.js';
import { adminSession, introspect, loggedIn, registeredCustomer } from '../harness/identities.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const publish = (from: 'subscriber' | 'customer' | 'user' | 'auth' | 'order', topic: string, type: string, data: object) =>
  sidecar(from, `/v1.0/publish/pubsub/${topic}?metadata.cloudevent.type=${type}`, { method: 'POST', body: data });

describe('pub/sub topic scopes', () => {
  it("when another app publishes user.status_changed for an administrator, then Dapr refuses it (403) and the admin's session lives on", async () => {
    const admin = await adminSession();
    const { sub: adminId } = await introspect(admin.accessToken);
    const now = new Date().toISOString();
    const forged = { userId: adminId, userType: 'admin', previousStatus: 'active', status: 'suspended', changedAt: now, occurredAt: now };
    for (const from of ['subscriber', 'customer', 'order', 'auth'] as const) {
      const res = await publish(from, 'user-events', 'user.status_changed', forged);
      expect(res.status, `${from}: ${res.text}`).to.equal(403);
      expect(res.body.errorCode).to.equal('ERR_PUBSUB_FORBIDDEN');
    }
    await sleep(3_000);
    expect(await introspect(admin.accessToken)).to.include({ active: true });
    expect(await receivedEvents('user.status_changed', adminId)).to.deep.equal([]);
  });

  it('when another app forges customer or order events, or the code topic, then each is refused and nothing changes', async () => {
    const customer = await registeredCustomer('forged-events');
    const session = await loggedIn(customer.email);
    const now = new Date().toISOString();
    const suspended = { customerId: customer.id, previousStatus: 'active', status: 'suspended', customerType: 'individual', changedAt: now, occurredAt: now };
    for (const from of ['subscriber', 'user', 'auth', 'order'] as const) {
      expect((await publish(from, 'customer-events', 'customer.status.changed', suspended)).status, from).to.equal(403);
    }
    const order = { orderId: `forged-${customer.id}`, customerId: customer.id, amountMinor: 100_000_000, currency: 'EUR', completedAt: now };
    for (const from of ['subscriber', 'customer', 'user', 'auth'] as const) {
      expect((await publish(from, 'order-events', 'order.completed', order)).status, from).to.equal(403);
    }
    const code = { customerId: customer.id, channel: 'email', destination: customer.email, code: '123456', codeId: 'forged', expiresAt: now, occurredAt: now };
    for (const from of ['subscriber', 'user', 'auth', 'order'] as const) {
      expect((await publish(from, 'customer-verification-codes', 'customer.verification.code', code)).status, from).to.equal(403);
    }
    // Nor a topic of one's own on the platform's pub/sub: only the platform's topics exist.
    expect((await publish('subscriber', 'my-own-topic', 'customer.status.changed', suspended)).status).to.equal(403);
    expect((await publish('customer', 'customer-events-copy', 'customer.status.changed', suspended)).status).to.equal(403);
    await sleep(3_000);
    expect(await introspect(session.accessToken)).to.include({ active: true });
    expect(await receivedEvents('customer.status.changed', customer.id)).to.deep.equal([]);
    expect(await receivedEvents('customer.verification.code', customer.id)).to.deep.equal([]);
  });

  it('when a forged event is posted to an app\'s subscription route around daprd, then the app refuses it (no app token)', async () => {
    const customer = await registeredCustomer('forged-direct');
    const session = await loggedIn(customer.email);
    const now = new Date().toISOString();
    const event = {
      specversion: '1.0', id: crypto.randomUUID(), source: 'customer', type: 'customer.status.changed', datacontenttype: 'application/json', topic: 'customer-events', pubsubname: 'pubsub',
      data: { customerId: customer.id, previousStatus: 'active', status: 'suspended', customerType: 'individual', changedAt: now, occurredAt: now },
    };
    const res = await direct('auth', '/events/identity', { method: 'POST', body: event, headers: { 'content-type': 'application/cloudevents+json' } });
    expect(res.status).to.equal(401);
    await sleep(1_000);
    expect(await introspect(session.accessToken)).to.include({ active: true });
  });
});
