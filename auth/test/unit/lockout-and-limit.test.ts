import { expect } from 'chai';
import { emptyGuard, lockedFor, recordFailure, recordSuccess, type LockoutPolicy } from '../../src/domain/lockout.js';
import { admit } from '../../src/domain/session-limit.js';
import { rotateRing, startRing, verificationKeys, type StoredKey } from '../../src/domain/keyring.js';

const policy: LockoutPolicy = { maxFailures: 3, windowMs: 10_000, lockMs: 60_000 };

describe('login lockout', () => {
  it('when failures reach the limit inside the window, then the identity locks once, for the lock duration', () => {
    let state = emptyGuard();
    state = recordFailure(state, 0, policy).state;
    state = recordFailure(state, 1000, policy).state;
    const third = recordFailure(state, 2000, policy);
    expect(third.lockedNow).to.equal(true);
    expect(lockedFor(third.state, 2000)).to.equal(60_000);
    const whileLocked = recordFailure(third.state, 3000, policy);
    expect(whileLocked.lockedNow).to.equal(false);
    expect(whileLocked.state).to.equal(third.state);
    expect(lockedFor(third.state, 62_000)).to.equal(0);
  });

  it('when failures are spread beyond the window, then old ones no longer count', () => {
    let state = emptyGuard();
    state = recordFailure(state, 0, policy).state;
    state = recordFailure(state, 1000, policy).state;
    const late = recordFailure(state, 10_500, policy);
    expect(late.lockedNow).to.equal(false);
    expect(late.state.failures).to.deep.equal([1000, 10_500]);
  });

  it('when a login succeeds, then the count starts over', () => {
    expect(recordSuccess()).to.deep.equal(emptyGuard());
  });
});

describe('session limit', () => {
  const entries = [3, 1, 2].map((n) => ({ sessionId: `s${n}`, createdAt: n }));

  it('when there is room, then the new session is admitted and nothing is evicted', () => {
    expect(admit(entries, { sessionId: 'new', createdAt: 9 }, 4, 'reject')).to.deep.include({ admitted: true, evict: [] });
  });

  it('when full with evict-oldest, then the oldest make room', () => {
    const result = admit(entries, { sessionId: 'new', createdAt: 9 }, 2, 'evict-oldest');
    expect(result.admitted && result.evict.map((e) => e.sessionId)).to.deep.equal(['s1', 's2']);
    expect(result.admitted && result.keep.map((e) => e.sessionId)).to.deep.equal(['s3', 'new']);
  });

  it('when full with reject, then the new session is refused', () => {
    expect(admit(entries, { sessionId: 'new', createdAt: 9 }, 3, 'reject')).to.deep.equal({ admitted: false });
  });
});

describe('signing key ring', () => {
  const key = (kid: string): StoredKey => ({ kid, alg: 'ES256', privateJwk: {}, publicJwk: { kid }, createdAt: 0 });

  it('when the ring rotates, then the new key signs and the previous one still verifies; the one before is dropped', () => {
    const ring = rotateRing(rotateRing(startRing(key('a'), 0), key('b'), 1), key('c'), 2);
    expect(ring.current.kid).to.equal('c');
    expect(verificationKeys(ring).map((k) => k.kid)).to.deep.equal(['c', 'b']);
    expect(verificationKeys(startRing(key('a'), 0)).map((k) => k.kid)).to.deep.equal(['a']);
  });
});
