import { expect } from 'chai';
import { Bulkhead } from '../../src/bulkhead.js';
import { AppError } from '../../src/errors.js';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('bulkhead', () => {
  it('when more work arrives than may run, then it waits its turn, and past the queue it is refused with 503', async () => {
    const bulkhead = new Bulkhead(1, 1);
    const gate = deferred();
    const order: string[] = [];
    const first = bulkhead.run(async () => {
      await gate.promise;
      order.push('first');
    });
    const second = bulkhead.run(async () => {
      order.push('second');
    });
    const refused = await bulkhead.run(async () => 'third').catch((error: unknown) => error);
    expect(refused).to.be.instanceOf(AppError).with.property('status', 503);
    expect((refused as AppError).options.retryAfter).to.equal(1);

    gate.resolve();
    await Promise.all([first, second]);
    expect(order).to.deep.equal(['first', 'second']);
    expect(await bulkhead.run(async () => 'again')).to.equal('again');
  });

  it('when work fails, then its slot is released', async () => {
    const bulkhead = new Bulkhead(1, 0);
    await bulkhead.run(async () => Promise.reject(new Error('boom'))).catch(() => undefined);
    expect(await bulkhead.run(async () => 'ok')).to.equal('ok');
  });
});
