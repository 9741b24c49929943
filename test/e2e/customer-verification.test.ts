// Email and phone verification through the customer app's sidecar: the code travels only in
// customer.verification.code on customer-verification-codes (for the notification service alone; the
// broadcast customer.verification.requested never holds it), confirmation publishes customer.verified.
import { expect } from 'chai';
import { validateAgainst } from '../harness/schemas.js';
import { eventually } from '../harness/http.js';
import { invoke, receivedEvents, uniquePhone } from '../harness/clients.js';
import { bearer, loggedIn, registeredCustomer } from '../harness/identities.js';

const route = (path: string, token: string, body?: unknown) =>
  invoke('customer', 'customer', `v1/customers/${path}`, { method: body === undefined ? 'GET' : 'POST', body, headers: bearer(token) });

async function deliveredCode(customerId: string, channel: string, count = 1): Promise<{ code: string; destination: string; data: Record<string, unknown> }> {
  const events = await eventually(
    'customer.verification.code',
    async () => (await receivedEvents('customer.verification.code', customerId)).filter((e) => e.event.data.channel === channel),
    (found) => found.length >= count,
  );
  const latest = events[events.length - 1]!;
  expect(latest.topic).to.equal('customer-verification-codes');
  expect(validateAgainst('events/customer.verification.code.json', latest.event.data)).to.deep.equal([]);
  return { code: latest.event.data.code, destination: latest.event.data.destination, data: latest.event.data };
}

const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('customer verification (POST /v1/customers/{id}/verification[/confirm])', () => {
  it('when a customer asks for an email code and confirms it, then the email is verified and customer.verified arrives with the channel at its root', async () => {
    const customer = await registeredCustomer('verify');
    const { accessToken } = await loggedIn(customer.email);

    const asked = await route(`${customer.id}/verification`, accessToken, { channel: 'email' });
    expect(asked.status, asked.text).to.equal(202);
    expect(asked.body.channel).to.equal('email');
    expect(Date.parse(asked.body.expiresAt) - Date.now()).to.be.within(9 * 60_000, 10 * 60_000 + 5000);
    expect(JSON.stringify(asked.body)).not.to.match(/\b\d{6}\b/);

    const { code, destination, data } = await deliveredCode(customer.id, 'email');
    expect(code).to.match(/^\d{6}$/);
    expect(destination).to.equal(customer.email);
    // The broadcast on customer-events says a code is pending, never which.
    const [broadcast] = await eventually('customer.verification.requested', () => receivedEvents('customer.verification.requested', customer.id), (found) => found.length > 0);
    expect(broadcast!.topic).to.equal('customer-events');
    expect(validateAgainst('events/customer.verification.requested.json', broadcast!.event.data)).to.deep.equal([]);
    expect(broadcast!.event.data).to.include({ channel: 'email', codeId: data.codeId });
    expect(JSON.stringify(broadcast!.event.data)).not.to.include(code);

    const again = await route(`${customer.id}/verification`, accessToken, { channel: 'email' });
    expect(again.status).to.equal(429);
    expect(again.body.code).to.equal('verification_cooldown');
    expect(Number(again.headers.get('retry-after'))).to.be.within(1, 60);

    const wrong = await route(`${customer.id}/verification/confirm`, accessToken, { channel: 'email', code: wrongCode(code) });
    expect(wrong.status).to.equal(400);
    expect(wrong.body).to.include({ code: 'invalid_verification_code', attemptsLeft: 4 });

    const confirmed = await route(`${customer.id}/verification/confirm`, accessToken, { channel: 'email', code });
    expect(confirmed.status, confirmed.text).to.equal(200);
    expect(confirmed.body).to.include({ id: customer.id, emailVerified: true, phoneVerified: false });
    expect((await route(customer.id, accessToken)).body.emailVerified).to.equal(true);

    const [verified] = await eventually('customer.verified', () => receivedEvents('customer.verified', customer.id), (events) => events.length > 0);
    expect(validateAgainst('events/customer.verified.json', verified!.event.data)).to.deep.equal([]);
    expect(verified!.event.data).to.include({ customerId: customer.id, channel: 'email', destination: customer.email });
    expect(verified!.event.data).not.to.have.property('changes');
    expect(JSON.stringify(verified!.event.data)).not.to.include(code);

    const twice = await route(`${customer.id}/verification/confirm`, accessToken, { channel: 'email', code });
    expect(twice.status).to.equal(409);
    expect(twice.body.code).to.equal('verification_not_requested');
    const reask = await route(`${customer.id}/verification`, accessToken, { channel: 'email' });
    expect(reask.status).to.equal(409);
    expect(reask.body.code).to.equal('already_verified');
    expect(await receivedEvents('customer.verified', customer.id)).to.have.length(1);
  });

  it('when five wrong codes are tried, then the right one no longer works until a new code is requested', async () => {
    const customer = await registeredCustomer('verifybudget');
    const { accessToken } = await loggedIn(customer.email);
    expect((await route(`${customer.id}/verification`, accessToken, { channel: 'email' })).status).to.equal(202);
    const { code } = await deliveredCode(customer.id, 'email');
    const left: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await route(`${customer.id}/verification/confirm`, accessToken, { channel: 'email', code: wrongCode(code) });
      expect(res.status).to.equal(400);
      left.push(res.body.attemptsLeft);
    }
    expect(left).to.deep.equal([4, 3, 2, 1, 0]);
    const exhausted = await route(`${customer.id}/verification/confirm`, accessToken, { channel: 'email', code });
    expect(exhausted.status).to.equal(429);
    expect(exhausted.body.code).to.equal('verification_attempts_exhausted');
    expect((await route(customer.id, accessToken)).body.emailVerified).to.equal(false);
  });

  it('when the phone is verified, then the code goes to the E.164 number; a customer without a phone cannot ask; bad bodies and other customers are refused', async () => {
    const phone = uniquePhone();
    const withPhone = await invoke('customer', 'customer', 'v1/customers', {
      method: 'POST',
      body: { email: `phone.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example.com`, password: 'correct horse battery', firstName: 'P', lastName: 'Hone', phone },
    });
    expect(withPhone.status, withPhone.text).to.equal(201);
    const { accessToken } = await loggedIn(withPhone.body.email);
    expect((await route(`${withPhone.body.id}/verification`, accessToken, { channel: 'phone' })).status).to.equal(202);
    const { code, destination } = await deliveredCode(withPhone.body.id, 'phone');
    expect(destination).to.equal(phone);
    const confirmed = await route(`${withPhone.body.id}/verification/confirm`, accessToken, { channel: 'phone', code });
    expect(confirmed.status).to.equal(200);
    expect(confirmed.body).to.include({ phoneVerified: true, emailVerified: false });

    const noPhone = await registeredCustomer('verifynophone');
    const noPhoneToken = (await loggedIn(noPhone.email)).accessToken;
    const refused = await route(`${noPhone.id}/verification`, noPhoneToken, { channel: 'phone' });
    expect(refused.status).to.equal(409);
    expect(refused.body.code).to.equal('verification_not_possible');
    const never = await route(`${noPhone.id}/verification/confirm`, noPhoneToken, { channel: 'email', code: '123456' });
    expect(never.status).to.equal(409);
    expect(never.body.code).to.equal('verification_not_requested');

    for (const body of [{ channel: 'fax' }, {}]) {
      expect((await route(`${noPhone.id}/verification`, noPhoneToken, body)).status, JSON.stringify(body)).to.equal(400);
    }
    for (const body of [{ channel: 'email', code: '12345' }, { channel: 'email', code: 'abcdef' }, { channel: 'email' }]) {
      expect((await route(`${noPhone.id}/verification/confirm`, noPhoneToken, body)).status, JSON.stringify(body)).to.equal(400);
    }
    expect((await route(`${withPhone.body.id}/verification`, noPhoneToken, { channel: 'email' })).status).to.equal(403);
    const anonymous = await invoke('customer', 'customer', `v1/customers/${noPhone.id}/verification`, { method: 'POST', body: { channel: 'email' } });
    expect(anonymous.status).to.equal(401);
  });

  it('when the email changes while a code is pending, then that code no longer verifies anything', async () => {
    const customer = await registeredCustomer('verifymove');
    const { accessToken } = await loggedIn(customer.email);
    expect((await route(`${customer.id}/verification`, accessToken, { channel: 'email' })).status).to.equal(202);
    const { code } = await deliveredCode(customer.id, 'email');
    const newEmail = `moved.${customer.email}`;
    const patched = await invoke('customer', 'customer', `v1/customers/${customer.id}`, { method: 'PATCH', body: { email: newEmail }, headers: bearer(accessToken) });
    expect(patched.status, patched.text).to.equal(200);
    const stale = await route(`${customer.id}/verification/confirm`, accessToken, { channel: 'email', code });
    expect(stale.status).to.equal(409);
    expect(stale.body.code).to.equal('verification_not_requested');
    // The cooldown was for the old address: the new one can get its code at once.
    expect((await route(`${customer.id}/verification`, accessToken, { channel: 'email' })).status).to.equal(202);
    const fresh = await deliveredCode(customer.id, 'email', 2);
    expect(fresh.destination).to.equal(newEmail);
  });

  it('when a customer alternates two phone numbers, then codes sent and wrong codes tried stop at the budget whatever the number (429 with Retry-After)', async function () {
    this.timeout(120_000);
    const [first, second] = [uniquePhone(), uniquePhone()];
    const registered = await invoke('customer', 'customer', 'v1/customers', {
      method: 'POST',
      body: { email: `budget.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example.com`, password: 'correct horse battery', firstName: 'Toll', lastName: 'Fraud', phone: first },
    });
    expect(registered.status, registered.text).to.equal(201);
    const id = registered.body.id;
    const { accessToken } = await loggedIn(registered.body.email);
    const usePhone = async (phone: string) => {
      const res = await invoke('customer', 'customer', `v1/customers/${id}`, { method: 'PATCH', body: { phone }, headers: bearer(accessToken) });
      expect(res.status, res.text).to.equal(200);
    };
    // Default budget: 5 codes and 10 wrong codes per channel per hour.
    let wrongTried = 0;
    for (let sent = 1; sent <= 5; sent++) {
      await usePhone(sent % 2 ? second : first);
      const asked = await route(`${id}/verification`, accessToken, { channel: 'phone' });
      expect(asked.status, `code ${sent}: ${asked.text}`).to.equal(202);
      const { code } = await deliveredCode(id, 'phone', sent);
      for (let i = 0; i < 2 && wrongTried < 10; i++, wrongTried++) {
        const wrong = await route(`${id}/verification/confirm`, accessToken, { channel: 'phone', code: wrongCode(code) });
        expect(wrong.status, wrong.text).to.equal(400);
      }
    }
    await usePhone(first);
    const sixth = await route(`${id}/verification`, accessToken, { channel: 'phone' });
    expect(sixth.status, sixth.text).to.equal(429);
    expect(sixth.body.code).to.equal('verification_budget_exhausted');
    expect(Number(sixth.headers.get('retry-after'))).to.be.within(3_000, 3_600);
    // Ten wrong codes spent: the pending (fifth) code is refused even when right.
    const { code } = await deliveredCode(id, 'phone', 5);
    const right = await route(`${id}/verification/confirm`, accessToken, { channel: 'phone', code });
    expect(right.status, right.text).to.equal(429);
    expect(right.body.code).to.equal('verification_budget_exhausted');
    expect((await route(id, accessToken)).body.phoneVerified).to.equal(false);
    // The broadcasts leave through the outbox (~1 s after each commit); the refused sixth left none.
    await eventually('five customer.verification.requested', () => receivedEvents('customer.verification.requested', id), (found) => found.length >= 5);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await receivedEvents('customer.verification.requested', id)).to.have.length(5);
    expect(await receivedEvents('customer.verification.code', id)).to.have.length(5);
    // The email channel has its own budget.
    expect((await route(`${id}/verification`, accessToken, { channel: 'email' })).status).to.equal(202);
  });
});
