import { expect } from 'chai';
import { nextRestartDelayMs } from '../../scripts/runtime/restart-policy.js';

const policy = { initialDelayMs: 1_000, maxDelayMs: 30_000, stableAfterMs: 60_000 };

describe('restart policy of the runtime supervisor', () => {
  it('when a child crashes for the first time, then it waits the initial delay', () => {
    expect(nextRestartDelayMs(policy, 1)).to.equal(1_000);
  });

  it('when it keeps crashing, then the wait doubles up to the longest delay and stays there', () => {
    expect([2, 3, 4, 5, 6, 7, 50].map((n) => nextRestartDelayMs(policy, n))).to.deep.equal([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });
});
