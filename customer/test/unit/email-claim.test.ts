import { expect } from 'chai';
import { decideClaim, type EmailClaim } from '../../src/domain/email-claim.js';

const now = new Date('2026-01-01T00:10:00Z');
const timeout = 30_000;
const claim = (overrides: Partial<EmailClaim>): EmailClaim => ({ ownerId: 'a', status: 'pending', claimedAt: '2026-01-01T00:09:50Z', ...overrides });

describe('email claim rules', () => {
  it('when nobody holds the email, then the claim is granted', () => {
    expect(decideClaim(undefined, 'b', now, timeout)).to.deep.equal({ kind: 'granted' });
  });

  it('when the requester already holds it, then it stays theirs (a retried claim is idempotent)', () => {
    expect(decideClaim(claim({ ownerId: 'b' }), 'b', now, timeout)).to.deep.equal({ kind: 'already_owned' });
    expect(decideClaim(claim({ ownerId: 'b', status: 'confirmed' }), 'b', now, timeout)).to.deep.equal({ kind: 'already_owned' });
  });

  it('when another customer confirmed it, then it is taken however old the claim', () => {
    expect(decideClaim(claim({ status: 'confirmed', claimedAt: '2020-01-01T00:00:00Z' }), 'b', now, timeout)).to.deep.equal({ kind: 'taken', ownerId: 'a' });
  });

  it('when another registration holds a fresh pending claim, then it is taken', () => {
    expect(decideClaim(claim({}), 'b', now, timeout)).to.deep.equal({ kind: 'taken', ownerId: 'a' });
  });

  it('when a pending claim is older than the timeout, then the index must check whether its customer exists', () => {
    expect(decideClaim(claim({ claimedAt: '2026-01-01T00:09:00Z' }), 'b', now, timeout)).to.deep.equal({ kind: 'check_stale', ownerId: 'a' });
  });
});
