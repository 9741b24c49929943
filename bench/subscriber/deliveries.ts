// Reads what the bench subscriber received, and waits on it.
import type { RunningApp } from '../../scripts/runtime/apps.js';

export interface Deliveries {
  eventsReceived: number;
  duplicates: number;
  lastReceivedAt: number;
  /** customerId -> when it first arrived, and the event's occurredAt (both ms epoch). */
  firstDelivery: Map<string, Delivery>;
}

export interface Delivery {
  receivedAt: number;
  occurredAt: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function readDeliveries(subscriber: RunningApp): Promise<Deliveries> {
  const res = await fetch(`${subscriber.appUrl}/deliveries`, { headers: { 'dapr-api-token': subscriber.appApiToken } });
  if (res.status !== 200) throw new Error(`subscriber answered ${res.status}`);
  const body = (await res.json()) as Omit<Deliveries, 'firstDelivery'> & { firstDelivery: Record<string, [number, number]> };
  const firstDelivery = new Map(Object.entries(body.firstDelivery).map(([id, [receivedAt, occurredAt]]) => [id, { receivedAt, occurredAt }] as const));
  return { ...body, firstDelivery };
}

/** Waits until every id has arrived or the timeout passes; returns the last reading either way. */
export async function waitForDeliveries(subscriber: RunningApp, ids: Iterable<string>, timeoutMs: number): Promise<Deliveries> {
  const wanted = [...ids];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const deliveries = await readDeliveries(subscriber);
    if (wanted.every((id) => deliveries.firstDelivery.has(id)) || Date.now() >= deadline) return deliveries;
    await sleep(500);
  }
}

/**
 * Waits until nothing has arrived for `quietMs`: a new consumer group starts at the beginning of the
 * stream, so the first start replays old customer-events; that must not overlap a measurement.
 */
export async function waitForQuiet(subscriber: RunningApp, quietMs: number, timeoutMs: number): Promise<Deliveries> {
  const deadline = Date.now() + timeoutMs;
  let previous = -1;
  let unchangedSince = Date.now();
  for (;;) {
    const deliveries = await readDeliveries(subscriber);
    if (deliveries.eventsReceived !== previous) {
      previous = deliveries.eventsReceived;
      unchangedSince = Date.now();
    }
    if (Date.now() - unchangedSince >= quietMs || Date.now() >= deadline) return deliveries;
    await sleep(250);
  }
}
