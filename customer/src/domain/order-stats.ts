// A customer's order statistics: kept up to date by order.completed events (exactly once per order,
// in any order) and reconciled periodically against the order service's own snapshot. A snapshot
// replaces the figures only if it is at least as recent as what the events already told, and events
// for orders the snapshot already counted are not counted again. Pure.
import type { CustomerStatsUpdatedEvent } from '@idp/proto';

export interface OrderStats {
  orderCount: number;
  /** Lifetime spend per ISO 4217 currency, in integer minor units (cents, satang). */
  totalSpentMinor: Record<string, number>;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  /** The newest order time these figures include. */
  asOf: string | null;
  /** Orders up to this time are in the last reconciled snapshot: their events count no more. */
  reconciledAsOf: string | null;
  /** Ids of orders counted from events since that snapshot (dedupe), newest last, bounded. */
  countedOrderIds: string[];
  updatedAt: string | null;
  source: 'none' | 'events' | 'reconcile';
}

export interface CompletedOrder {
  orderId: string;
  amountMinor: number;
  currency: string;
  completedAt: string;
}

export interface StatsSnapshot {
  orderCount: number;
  totalSpentMinor: Record<string, number>;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  /** The order service's figures include every order completed up to this time. */
  asOf: string;
}

/** Enough to dedupe any redelivery between two reconciles of one customer. */
export const MAX_COUNTED_ORDER_IDS = 1000;

export const EMPTY_STATS: OrderStats = {
  orderCount: 0,
  totalSpentMinor: {},
  firstOrderAt: null,
  lastOrderAt: null,
  asOf: null,
  reconciledAsOf: null,
  countedOrderIds: [],
  updatedAt: null,
  source: 'none',
};

const earlier = (a: string | null, b: string): string => (a === null || Date.parse(b) < Date.parse(a) ? b : a);
const later = (a: string | null, b: string): string => (a === null || Date.parse(b) > Date.parse(a) ? b : a);

export type OrderDecision = { kind: 'counted'; next: OrderStats } | { kind: 'duplicate' } | { kind: 'in_snapshot' };

export function applyCompletedOrder(stats: OrderStats, order: CompletedOrder, now: Date): OrderDecision {
  if (stats.countedOrderIds.includes(order.orderId)) return { kind: 'duplicate' };
  if (stats.reconciledAsOf !== null && Date.parse(order.completedAt) <= Date.parse(stats.reconciledAsOf)) return { kind: 'in_snapshot' };
  const currency = order.currency.toUpperCase();
  return {
    kind: 'counted',
    next: {
      ...stats,
      orderCount: stats.orderCount + 1,
      totalSpentMinor: { ...stats.totalSpentMinor, [currency]: (stats.totalSpentMinor[currency] ?? 0) + order.amountMinor },
      firstOrderAt: earlier(stats.firstOrderAt, order.completedAt),
      lastOrderAt: later(stats.lastOrderAt, order.completedAt),
      asOf: later(stats.asOf, order.completedAt),
      countedOrderIds: [...stats.countedOrderIds, order.orderId].slice(-MAX_COUNTED_ORDER_IDS),
      updatedAt: now.toISOString(),
      source: 'events',
    },
  };
}

export type ReconcileDecision = { kind: 'replaced'; next: OrderStats } | { kind: 'stale'; asOf: string | null };

/** A snapshot older than what the events already told is ignored: it never rolls figures back. */
export function applySnapshot(stats: OrderStats, snapshot: StatsSnapshot, now: Date): ReconcileDecision {
  if (stats.asOf !== null && Date.parse(snapshot.asOf) < Date.parse(stats.asOf)) return { kind: 'stale', asOf: stats.asOf };
  return {
    kind: 'replaced',
    next: {
      orderCount: snapshot.orderCount,
      totalSpentMinor: { ...snapshot.totalSpentMinor },
      firstOrderAt: snapshot.firstOrderAt,
      lastOrderAt: snapshot.lastOrderAt,
      asOf: snapshot.asOf,
      reconciledAsOf: snapshot.asOf,
      countedOrderIds: [],
      updatedAt: now.toISOString(),
      source: 'reconcile',
    },
  };
}

/** The customer.stats.updated event for figures just written. */
export function statsEvent(customerId: string, stats: OrderStats, source: 'event' | 'reconcile', orderId: string | null, now: Date): CustomerStatsUpdatedEvent {
  return {
    customerId,
    orderCount: stats.orderCount,
    totalSpentMinor: stats.totalSpentMinor,
    firstOrderAt: stats.firstOrderAt,
    lastOrderAt: stats.lastOrderAt,
    asOf: stats.asOf,
    source,
    orderId,
    occurredAt: now.toISOString(),
  };
}

/** First run of a customer's periodic reconcile: anywhere in the first period, so customers
 * registered together do not all call the order service at the same moment. `random` in [0, 1). */
export const firstReconcileDelayMs = (periodMs: number, random: number): number => Math.floor(periodMs * random);

/** What the last reconcile attempt found, kept beside the figures (actor state, no event). */
export interface ReconcileAttempt {
  at: string;
  outcome: 'replaced' | 'stale_snapshot' | 'unavailable';
  error?: string;
}

export interface StatsView {
  customerId: string;
  orderCount: number;
  totalSpentMinor: Record<string, number>;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  asOf: string | null;
  updatedAt: string | null;
  source: OrderStats['source'];
  freshness: {
    lastReconciledAt: string | null;
    lastAttempt: ReconcileAttempt | null;
    /** No successful reconcile within two periods (or ever, once a period has passed since registration). */
    stale: boolean;
  };
}

export function statsView(customerId: string, stats: OrderStats, lastReconciledAt: string | null, lastAttempt: ReconcileAttempt | null, registeredAt: string, periodMs: number, now: Date): StatsView {
  const since = lastReconciledAt ?? registeredAt;
  const staleAfter = lastReconciledAt ? 2 * periodMs : periodMs;
  return {
    customerId,
    orderCount: stats.orderCount,
    totalSpentMinor: stats.totalSpentMinor,
    firstOrderAt: stats.firstOrderAt,
    lastOrderAt: stats.lastOrderAt,
    asOf: stats.asOf,
    updatedAt: stats.updatedAt,
    source: stats.source,
    freshness: { lastReconciledAt, lastAttempt, stale: now.getTime() - Date.parse(since) > staleAfter || lastAttempt?.outcome === 'unavailable' },
  };
}
