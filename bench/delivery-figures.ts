// Turns commit times (bench side) and delivery times (subscriber side) into the delivery figures.
// Both clocks are this machine's, so the differences are real latencies. Two latencies: from the
// commit as the client saw it (the response), and from the event's occurredAt (set by the producer
// just before its transaction) — under load an app answers well after its transaction committed.
import type { Commits } from './commits.js';
import type { Deliveries } from './subscriber/deliveries.js';
import { percentile, round } from './stats.js';

export interface LatencyFigures {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface DeliveryFigures {
  committed: number;
  delivered: number;
  missing: number;
  /** Commits per second over the span from the first to the last commit. */
  commitRatePerSecond: number;
  /** Deliveries per second over the span from the first to the last delivery. */
  deliveryRatePerSecond: number;
  firstToLastDeliverySeconds: number;
  commitToDelivery: LatencyFigures;
  occurredToDelivery: LatencyFigures;
}

const span = (times: number[]): number => (times.length > 1 ? (Math.max(...times) - Math.min(...times)) / 1000 : 0);
const perSecond = (count: number, times: number[]): number => (span(times) > 0 ? round(count / span(times), 1) : Number.NaN);

function latencies(samples: number[]): LatencyFigures {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted.length ? sorted[sorted.length - 1]! : Number.NaN };
}

export function deliveryFigures(commits: Commits, deliveries: Deliveries): DeliveryFigures {
  const fromCommit: number[] = [];
  const fromOccurred: number[] = [];
  const deliveredAt: number[] = [];
  for (const [customerId, committedAt] of commits) {
    const delivery = deliveries.firstDelivery.get(customerId);
    if (!delivery) continue;
    deliveredAt.push(delivery.receivedAt);
    fromCommit.push(delivery.receivedAt - committedAt);
    fromOccurred.push(delivery.receivedAt - delivery.occurredAt);
  }
  return {
    committed: commits.size,
    delivered: deliveredAt.length,
    missing: commits.size - deliveredAt.length,
    commitRatePerSecond: perSecond(commits.size, [...commits.values()]),
    deliveryRatePerSecond: perSecond(deliveredAt.length, deliveredAt),
    firstToLastDeliverySeconds: round(span(deliveredAt)),
    commitToDelivery: latencies(fromCommit),
    occurredToDelivery: latencies(fromOccurred),
  };
}

export function printDelivery(label: string, f: DeliveryFigures, timeoutSeconds: number): void {
  const line = (l: LatencyFigures) => `p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms`;
  console.log(`  ${label}: ${f.delivered}/${f.committed} delivered within ${timeoutSeconds} s (${f.missing} missing)`);
  console.log(`    commit rate ${f.commitRatePerSecond} /s, delivery rate ${f.deliveryRatePerSecond} events/s over ${f.firstToLastDeliverySeconds} s`);
  console.log(`    commit (response) to delivery   ${line(f.commitToDelivery)}`);
  console.log(`    occurredAt to delivery          ${line(f.occurredToDelivery)}`);
}
