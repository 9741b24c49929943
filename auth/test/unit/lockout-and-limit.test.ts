import { expect } from 'chai';
import { admitAttempt, ATTEMPT_TIMEOUT_MS, emptyGuard, lockedFor, recordFailure, settleAttempt, type GuardState, type LockoutPolicy } from '../../src/domain/lockout.js';
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
    let state = recordFailure(emptyGuard(), 0, policy).state;
    const admitted = admitAttempt(state, 100, policy, 'ok');
    expect(admitted.kind).to.equal('admitted');
    state = settleAttempt(admitted.state, 200, policy, 'ok', 'success').state;
    expect(state).to.deep.equal({ failures: [], lockedUntil: null, pending: {} });
  });
});

describe('login attempts admitted within the budget', () => {
  const admitMany = (state: GuardState, ids: string[], now: number) => {
    const kinds: string[] = [];
    for (const id of ids) {
      const admission = admitAttempt(state, now, policy, id);
      kinds.push(admission.kind);
      state = admission.state;
    }
    return { state, kinds };
  };

  it('when 40 attempts arrive at once, then only the remaining budget is admitted and the rest are busy', () => {
    const ids = Array.from({ length: 40 }, (_, i) => `a${i}`);
    const { kinds } = admitMany(recordFailure(emptyGuard(), 0, policy).state, ids, 10);
    expect(kinds.filter((k) => k === 'admitted')).to.have.length(policy.maxFailures - 1);
    expect(kinds.slice(policy.maxFailures - 1).every((k) => k === 'busy')).to.equal(true);
  });

  it('when the admitted attempts fail, then the last one locks once and later attempts are refused as locked', () => {
    let { state } = admitMany(emptyGuard(), ['a', 'b', 'c'], 0);
    const locks = ['a', 'b', 'c'].map((id, i) => {
      const settled = settleAttempt(state, 10 + i, policy, id, 'failure');
      state = settled.state;
      return settled.lockedNow;
    });
    expect(locks).to.deep.equal([false, false, true]);
    const next = admitAttempt(state, 20, policy, 'd');
    expect(next).to.deep.include({ kind: 'locked', lockedForMs: 60_000 - 8 });
  });

  it('when the right password settles while a lock began meanwhile, then failures are forgotten but the lock stays', () => {
    let { state } = admitMany(emptyGuard(), ['a', 'b', 'right'], 0);
    state = settleAttempt(state, 1, policy, 'a', 'failure').state;
    state = settleAttempt(state, 2, policy, 'b', 'failure').state;
    // Not locked yet (2 of 3), but the budget is held by "right": a fourth is busy.
    expect(admitAttempt(state, 3, policy, 'd').kind).to.equal('busy');
    state = settleAttempt(state, 4, policy, 'right', 'success').state;
    expect(state.failures).to.deep.equal([]);
    expect(admitAttempt(state, 5, policy, 'e').kind).to.equal('admitted');
  });

  it('when a check could not be made, then its slot goes back without counting', () => {
    let { state } = admitMany(emptyGuard(), ['a', 'b', 'c'], 0);
    state = settleAttempt(state, 1, policy, 'a', 'unknown').state;
    expect(state.failures).to.deep.equal([]);
    expect(admitAttempt(state, 2, policy, 'd').kind).to.equal('admitted');
  });

  it('when an admitted attempt never reports back, then it counts as a failure after the timeout, once', () => {
    let { state } = admitMany(emptyGuard(), ['lost'], 0);
    const later = admitAttempt(state, ATTEMPT_TIMEOUT_MS, policy, 'next');
    expect(later.kind).to.equal('admitted');
    expect(later.state.failures).to.deep.equal([ATTEMPT_TIMEOUT_MS]);
    expect(Object.keys(later.state.pending!)).to.deep.equal(['next']);
    // Its late report changes nothing: it was counted already.
    state = settleAttempt(later.state, ATTEMPT_TIMEOUT_MS + 1, policy, 'lost', 'failure').state;
    expect(state.failures).to.deep.equal([ATTEMPT_TIMEOUT_MS]);
  });

  it('when attempts that never reported back reach the limit, then they lock the identity', () => {
    const { state } = admitMany(emptyGuard(), ['a', 'b', 'c'], 0);
    const later = admitAttempt(state, ATTEMPT_TIMEOUT_MS, policy, 'd');
    expect(later).to.deep.include({ kind: 'locked', lockedNow: true });
  });

  it('when a guard was stored before attempts were reserved, then it is read as having none pending', () => {
    expect(admitAttempt({ failures: [], lockedUntil: null }, 0, policy, 'a').kind).to.equal('admitted');
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
