import { expect } from 'chai';
import { checkBudget, recordUse, type VerificationUsage } from '../../src/domain/verification-budget.js';

const policy = { windowMs: 60_000, maxSends: 3, maxWrongCodes: 2 };

describe('verification budget per customer and channel', () => {
  it('when the window holds the limit, then the next use is refused until the oldest leaves it', () => {
    let usage: VerificationUsage = {};
    for (const at of [0, 10_000, 20_000]) {
      expect(checkBudget(usage, 'phone', 'sends', at, policy)).to.deep.equal({ allowed: true });
      usage = recordUse(usage, 'phone', 'sends', at, policy);
    }
    expect(checkBudget(usage, 'phone', 'sends', 30_000, policy)).to.deep.equal({ allowed: false, retryAfterMs: 30_000 });
    expect(checkBudget(usage, 'phone', 'sends', 60_000, policy)).to.deep.equal({ allowed: true });
  });

  it('when one channel is spent, then the other and the other kind are not', () => {
    let usage: VerificationUsage = {};
    for (const at of [0, 1, 2]) usage = recordUse(usage, 'phone', 'sends', at, policy);
    expect(checkBudget(usage, 'email', 'sends', 3, policy).allowed).to.equal(true);
    expect(checkBudget(usage, 'phone', 'wrongCodes', 3, policy).allowed).to.equal(true);
    usage = recordUse(recordUse(usage, 'phone', 'wrongCodes', 4, policy), 'phone', 'wrongCodes', 5, policy);
    expect(checkBudget(usage, 'phone', 'wrongCodes', 6, policy)).to.deep.equal({ allowed: false, retryAfterMs: 59_998 });
  });

  it('when uses leave the window, then they are dropped as the next one is recorded', () => {
    let usage = recordUse({}, 'email', 'sends', 0, policy);
    usage = recordUse(usage, 'email', 'wrongCodes', 1, policy);
    usage = recordUse(usage, 'email', 'sends', 70_000, policy);
    expect(usage.email).to.deep.equal({ sends: [70_000], wrongCodes: [] });
  });
});
