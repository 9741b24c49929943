// Expired verification codes are removed by the customer actor's own reminder (no table scan). The
// test redeploys the customer app with 3-second codes, then back to the suite's settings. Outage
// tests run last: they disturb the shared runtime.
import { expect } from 'chai';
import { validateAgainst } from '../../harness/schemas.js';
import { eventually } from '../../harness/http.js';
import { customerDatabase, invoke, receivedEvents } from '../../harness/clients.js';
import { bearer, loggedIn, registeredCustomer } from '../../harness/identities.js';
import { restartApp } from '../../harness/runtime.js';

describe('verification code expiry', () => {
  after(async function () {
    this.timeout(120_000);
    await restartApp('customer', { VERIFICATION_CODE_TTL_SECONDS: '600' });
  });

  it('when a code expires unused, then the reminder removes it with customer.verification.expired, and confirming it says expired-then-not-requested', async function () {
    this.timeout(180_000);
    await restartApp('customer', { VERIFICATION_CODE_TTL_SECONDS: '3' });
    const customer = await registeredCustomer('code-expiry');
    const session = await loggedIn(customer.email);
    const asked = await invoke('customer', 'customer', `v1/customers/${customer.id}/verification`, { method: 'POST', body: { channel: 'email' }, headers: bearer(session.accessToken) });
    expect(asked.status, asked.text).to.equal(202);
    expect(Date.parse(asked.body.expiresAt) - Date.now()).to.be.at.most(3_500);

    const [expired] = await eventually('customer.verification.expired', () => receivedEvents('customer.verification.expired', customer.id), (found) => found.length > 0, 30_000);
    expect(validateAgainst('events/customer.verification.expired.json', expired!.event.data)).to.deep.equal([]);
    expect(expired!.event.data).to.deep.include({ customerId: customer.id, channels: ['email'] });
    const { rows } = await customerDatabase().query(`SELECT convert_from(value, 'UTF8')::jsonb AS doc FROM agg_state WHERE key = $1`, [`customer||customer:${customer.id}`]);
    expect(rows[0].doc.verification ?? {}).to.deep.equal({});
    const confirm = await invoke('customer', 'customer', `v1/customers/${customer.id}/verification/confirm`, { method: 'POST', body: { channel: 'email', code: '123456' }, headers: bearer(session.accessToken) });
    expect(confirm.status).to.equal(409);
    expect(confirm.body.code).to.equal('verification_not_requested');
    const audit = await eventually(
      'the audit entry',
      async () => (await customerDatabase().query(`SELECT changes FROM directory.audit_log WHERE customer_id = $1 AND action = 'customer.verification.expired'`, [customer.id])).rows,
      (found) => found.length === 1,
    );
    expect(audit[0].changes).to.deep.equal([{ field: 'verification.email', before: 'pending', after: 'expired' }]);
  });
});
