import { expect } from 'chai';
import { signInDecision } from '../../src/domain/sign-in.js';

describe('who may sign in once the password is right', () => {
  it('when the account is active, then yes, with nothing to say', () => {
    expect(signInDecision({ status: 'active' })).to.deep.equal({ allowed: true });
  });

  it('when a customer who was active asked for erasure, then yes, saying when it runs', () => {
    const erasure = { scheduledFor: '2027-01-01T00:00:00.000Z', statusBefore: 'active' };
    expect(signInDecision({ status: 'pending_deletion', erasure })).to.deep.equal({ allowed: true, erasureScheduledFor: erasure.scheduledFor });
  });

  it('when the account is suspended, inactive, or was so before its erasure was asked for, then no', () => {
    for (const status of ['suspended', 'inactive', 'deleted']) expect(signInDecision({ status }), status).to.deep.equal({ allowed: false });
    expect(signInDecision({ status: 'pending_deletion', erasure: { scheduledFor: '2027-01-01T00:00:00.000Z', statusBefore: 'suspended' } })).to.deep.equal({ allowed: false });
    expect(signInDecision({ status: 'pending_deletion' })).to.deep.equal({ allowed: false });
  });
});
