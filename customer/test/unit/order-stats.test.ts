import { expect } from 'chai';
import { applyCompletedOrder, applySnapshot, EMPTY_STATS, firstReconcileDelayMs, statsEvent, statsView, type CompletedOrder, type OrderStats } from '../../src/domain/order-stats.js';

const now = new Date('2026-03-10T00:00:00Z');
const order = (orderId: string, day: number, amountMinor = 1000, currency = 'thb'): CompletedOrder => ({ orderId, amountMinor, currency, completedAt: `2026-03-0${day}T10:00:00.000Z` });

function count(stats: OrderStats, ...orders: CompletedOrder[]): OrderStats {
  return orders.reduce((current, o) => {
    const decision = applyCompletedOrder(current, o, now);
    return decision.kind === 'counted' ? decision.next : current;
  }, stats);
}

describe('order statistics', () => {
  it('when orders complete, then count, spend per currency and first/last times follow, in any order', () => {
    const inOrder = count(EMPTY_STATS, order('o1', 1), order('o2', 2, 2500), order('o3', 3, 700, 'usd'));
    const shuffled = count(EMPTY_STATS, order('o3', 3, 700, 'usd'), order('o1', 1), order('o2', 2, 2500));
    for (const stats of [inOrder, shuffled]) {
      expect(stats).to.deep.include({ orderCount: 3, totalSpentMinor: { THB: 3500, USD: 700 }, firstOrderAt: order('o1', 1).completedAt, lastOrderAt: order('o3', 3).completedAt, asOf: order('o3', 3).completedAt, source: 'events' });
    }
  });

  it('when an order event is delivered twice, then it counts once', () => {
    const once = count(EMPTY_STATS, order('o1', 1));
    expect(applyCompletedOrder(once, order('o1', 1), now)).to.deep.equal({ kind: 'duplicate' });
  });

  it('when a reconcile snapshot is newer, then it replaces the figures and later events add to it without recounting', () => {
    const fromEvents = count(EMPTY_STATS, order('o1', 1), order('o2', 2));
    const decision = applySnapshot(fromEvents, { orderCount: 3, totalSpentMinor: { THB: 4000 }, firstOrderAt: order('o0', 1).completedAt, lastOrderAt: order('o3', 4).completedAt, asOf: '2026-03-04T12:00:00.000Z' }, now);
    if (decision.kind !== 'replaced') throw new Error(decision.kind);
    expect(decision.next).to.deep.include({ orderCount: 3, source: 'reconcile', reconciledAsOf: '2026-03-04T12:00:00.000Z' });
    // An event for an order the snapshot already counted arrives late: not counted again.
    expect(applyCompletedOrder(decision.next, order('o3', 4), now)).to.deep.equal({ kind: 'in_snapshot' });
    const after = count(decision.next, order('o4', 5, 500));
    expect(after).to.deep.include({ orderCount: 4, totalSpentMinor: { THB: 4500 } });
  });

  it('when a reconcile snapshot is older than the events already counted, then it is ignored', () => {
    const fromEvents = count(EMPTY_STATS, order('o1', 1), order('o2', 5));
    expect(applySnapshot(fromEvents, { orderCount: 1, totalSpentMinor: { THB: 1000 }, firstOrderAt: null, lastOrderAt: null, asOf: '2026-03-02T00:00:00.000Z' }, now)).to.deep.equal({
      kind: 'stale',
      asOf: order('o2', 5).completedAt,
    });
  });
});

describe('order statistics freshness and schedule', () => {
  const registeredAt = '2026-03-01T00:00:00.000Z';
  const day = 86_400_000;

  it('when the reconcile ran recently, then the figures are fresh; after two periods without one, or after a failed one, they are stale', () => {
    const fresh = statsView('c-1', EMPTY_STATS, '2026-03-09T12:00:00.000Z', { at: '2026-03-09T12:00:00.000Z', outcome: 'replaced' }, registeredAt, day, now);
    expect(fresh.freshness.stale).to.equal(false);
    expect(statsView('c-1', EMPTY_STATS, '2026-03-07T00:00:00.000Z', null, registeredAt, day, now).freshness.stale).to.equal(true);
    expect(statsView('c-1', EMPTY_STATS, '2026-03-09T12:00:00.000Z', { at: '2026-03-09T23:00:00.000Z', outcome: 'unavailable', error: 'down' }, registeredAt, day, now).freshness.stale).to.equal(true);
    expect(statsView('c-1', EMPTY_STATS, null, null, '2026-03-09T20:00:00.000Z', day, now).freshness.stale).to.equal(false);
  });

  it('when customers register together, then their first reconciles spread over the whole first period', () => {
    expect(firstReconcileDelayMs(day, 0)).to.equal(0);
    expect(firstReconcileDelayMs(day, 0.5)).to.equal(day / 2);
    expect(firstReconcileDelayMs(day, 0.999999)).to.be.below(day);
  });

  it('when figures are written, then the event carries them with their source', () => {
    const stats = count(EMPTY_STATS, order('o1', 1));
    expect(statsEvent('c-1', stats, 'event', 'o1', now)).to.deep.equal({
      customerId: 'c-1', orderCount: 1, totalSpentMinor: { THB: 1000 }, firstOrderAt: stats.firstOrderAt, lastOrderAt: stats.lastOrderAt, asOf: stats.asOf, source: 'event', orderId: 'o1', occurredAt: now.toISOString(),
    });
  });
});
