import { expect } from 'chai';
import { CUSTOMER_STATUSES, type CustomerStatus } from '@idp/proto';
import { canSoftDelete, decideTransition, revokeReasonFor, STATUS_ACTIONS, type StatusAction } from '../../src/domain/status.js';

// The whole table, written out: every (status, action) pair and its expected outcome.
const EXPECTED: Record<CustomerStatus, Record<StatusAction, 'change' | 'unchanged' | 'invalid'>> = {
  active: { activate: 'unchanged', deactivate: 'change', suspend: 'change' },
  inactive: { activate: 'change', deactivate: 'unchanged', suspend: 'change' },
  suspended: { activate: 'change', deactivate: 'change', suspend: 'unchanged' },
  pending_deletion: { activate: 'invalid', deactivate: 'invalid', suspend: 'invalid' },
  deleted: { activate: 'invalid', deactivate: 'invalid', suspend: 'invalid' },
};

describe('customer status machine', () => {
  for (const status of CUSTOMER_STATUSES) {
    for (const action of STATUS_ACTIONS) {
      it(`when a ${status} customer is asked to ${action}, then the transition is ${EXPECTED[status][action]}`, () => {
        const decision = decideTransition(status, action);
        expect(decision.kind).to.equal(EXPECTED[status][action]);
        if (decision.kind === 'invalid') expect(decision.current).to.equal(status);
        if (decision.kind === 'change') expect(decision).to.deep.include({ from: status });
      });
    }
  }

  it('when an action changes the status, then it lands in the status its name says', () => {
    expect(decideTransition('inactive', 'activate')).to.deep.equal({ kind: 'change', from: 'inactive', to: 'active' });
    expect(decideTransition('active', 'deactivate')).to.deep.equal({ kind: 'change', from: 'active', to: 'inactive' });
    expect(decideTransition('active', 'suspend')).to.deep.equal({ kind: 'change', from: 'active', to: 'suspended' });
  });

  it('when a customer is soft-deleted, then only live statuses allow it (a scheduled erasure must be cancelled first)', () => {
    expect(CUSTOMER_STATUSES.filter(canSoftDelete)).to.deep.equal(['active', 'inactive', 'suspended']);
  });

  it('when a status ends access, then it names the revocation reason; active and pending erasure revoke nothing', () => {
    expect(CUSTOMER_STATUSES.map(revokeReasonFor)).to.deep.equal([null, 'subject_deactivated', 'subject_suspended', null, 'subject_deleted']);
  });
});
