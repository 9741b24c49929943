import { expect } from 'chai';
import { AppError } from '../../src/errors.js';
import { PriorityBulkhead } from '../../src/priority-bulkhead.js';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

/** A clock the test moves by hand, so run times and deadlines are exact. */
const manualClock = () => {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as AppError);
const tick = () => new Promise((r) => setImmediate(r));

describe('priority bulkhead', () => {
  it('when a slot frees up, then it goes to the first lane with someone waiting, whatever arrived first', async () => {
    const pool = new PriorityBulkhead<'first' | 'second'>(1, { first: { maxQueued: 10, maxWaitMs: 60_000 }, second: { maxQueued: 10, maxWaitMs: 60_000 } }, 100);
    const gate = deferred();
    const order: string[] = [];
    const running = pool.run('second', () => gate.promise);
    const later = [
      pool.run('second', async () => void order.push('second-a')),
      pool.run('second', async () => void order.push('second-b')),
      pool.run('first', async () => void order.push('first')),
    ];
    gate.resolve();
    await Promise.all([running, ...later]);
    expect(order).to.deep.equal(['first', 'second-a', 'second-b']);
  });

  it('when the wait a newcomer can expect passes its lane\'s limit, then it is refused at once with 503 server_busy and a Retry-After near that wait', async () => {
    const clock = manualClock();
    const pool = new PriorityBulkhead<'only'>(1, { only: { maxQueued: 100, maxWaitMs: 1_000 } }, 400, clock.now);
    const gate = deferred();
    const running = pool.run('only', () => gate.promise);
    // Expected waits: 0.5 × 400 = 200 ms, then 600, then 1,000 (still accepted), then 1,400.
    const queued = [pool.run('only', async () => 'a'), pool.run('only', async () => 'b'), pool.run('only', async () => 'c')];
    expect(pool.expectedWaitMs('only')).to.equal(1_400);
    const refused = await refusal(pool.run('only', async () => 'd'));
    expect(refused).to.be.instanceOf(AppError).with.property('status', 503);
    expect(refused!.code).to.equal('server_busy');
    expect(refused!.options.retryAfter).to.equal(2);

    gate.resolve();
    expect(await Promise.all(queued)).to.deep.equal(['a', 'b', 'c']);
    await running;
  });

  it('when a lane\'s queue is full, then the next is refused even though the wait looks short', async () => {
    const pool = new PriorityBulkhead<'only'>(1, { only: { maxQueued: 1, maxWaitMs: 60_000 } }, 1);
    const gate = deferred();
    const running = pool.run('only', () => gate.promise);
    const queued = pool.run('only', async () => 'queued');
    expect(await refusal(pool.run('only', async () => 'refused'))).to.have.property('status', 503);
    gate.resolve();
    expect(await queued).to.equal('queued');
    await running;
  });

  it('when a lower lane\'s waiter is held back past twice its limit by a busier lane ahead, then it is refused rather than run for a client that gave up', async () => {
    const clock = manualClock();
    const pool = new PriorityBulkhead<'urgent' | 'patient'>(1, { urgent: { maxQueued: 10, maxWaitMs: 60_000 }, patient: { maxQueued: 10, maxWaitMs: 1_000 } }, 100, clock.now);
    const gates = [deferred(), deferred()];
    const running = pool.run('urgent', () => gates[0]!.promise);
    const patient = refusal(pool.run('patient', async () => 'ran'));
    const urgent = pool.run('urgent', () => gates[1]!.promise);
    gates[0]!.resolve();
    await running;
    clock.advance(2_500);
    gates[1]!.resolve();
    await urgent;
    const refused = await patient;
    expect(refused).to.be.instanceOf(AppError).with.property('code', 'server_busy');
    // The pool is free again: the next caller runs at once.
    expect(await pool.run('patient', async () => 'next')).to.equal('next');
  });

  it('when work runs slower than the first guess, then the expected wait follows what it measured', async () => {
    const clock = manualClock();
    const pool = new PriorityBulkhead<'only'>(1, { only: { maxQueued: 100, maxWaitMs: 60_000 } }, 100, clock.now);
    for (let i = 0; i < 20; i++) {
      await pool.run('only', async () => {
        clock.advance(1_000);
      });
    }
    const gate = deferred();
    const running = pool.run('only', () => gate.promise);
    await tick();
    // Half a run of ~1,000 ms (the average has converged to within a percent of it).
    expect(pool.expectedWaitMs('only')).to.be.within(490, 500);
    gate.resolve();
    await running;
    expect(pool.expectedWaitMs('only')).to.equal(0);
  });

  it('when work fails, then its slot goes to the next waiter', async () => {
    const pool = new PriorityBulkhead<'only'>(1, { only: { maxQueued: 1, maxWaitMs: 60_000 } }, 1);
    const failing = pool.run('only', async () => Promise.reject(new Error('boom')));
    const next = pool.run('only', async () => 'ok');
    await failing.catch(() => undefined);
    expect(await next).to.equal('ok');
  });
});
