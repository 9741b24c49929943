import { expect } from 'chai';
import { decideClaim, indexActorId, type IndexClaim } from '../../src/index-claim.js';

const now = new Date('2026-01-01T00:10:00Z');
const timeout = 30_000;
const claim = (overrides: Partial<IndexClaim>): IndexClaim => ({ ownerId: 'a', status: 'pending', claimedAt: '2026-01-01T00:09:50Z', ...overrides });

describe('uniqueness index claim rules', () => {
  it('when nobody holds the value, then the claim is granted', () => {
    expect(decideClaim(undefined, 'b', now, timeout)).to.deep.equal({ kind: 'granted' });
  });

  it('when the requester already holds it, then it stays theirs (a retried claim is idempotent)', () => {
    expect(decideClaim(claim({ ownerId: 'b' }), 'b', now, timeout)).to.deep.equal({ kind: 'already_owned' });
    expect(decideClaim(claim({ ownerId: 'b', status: 'confirmed' }), 'b', now, timeout)).to.deep.equal({ kind: 'already_owned' });
  });

  it('when another write holds a fresh pending claim, then it is taken without a store read', () => {
    expect(decideClaim(claim({}), 'b', now, timeout)).to.deep.equal({ kind: 'taken', ownerId: 'a' });
  });

  it('when another customer confirmed it, or a pending claim is older than the timeout, then the owner must be checked', () => {
    expect(decideClaim(claim({ status: 'confirmed', claimedAt: '2020-01-01T00:00:00Z' }), 'b', now, timeout)).to.deep.equal({ kind: 'check_owner', ownerId: 'a' });
    expect(decideClaim(claim({ claimedAt: '2026-01-01T00:09:00Z' }), 'b', now, timeout)).to.deep.equal({ kind: 'check_owner', ownerId: 'a' });
  });

  it('when a value is hashed for the actor id, then the id is stable, URL-safe and reveals nothing', () => {
    expect(indexActorId('a/b@example.com')).to.equal(indexActorId('a/b@example.com')).and.to.match(/^[0-9a-f]{64}$/);
    expect(indexActorId('a/b@example.com')).not.to.include('example');
  });
});
