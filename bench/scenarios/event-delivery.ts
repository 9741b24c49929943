// When committed customer.created events reach another subscriber: first the events A and B left
// behind (waited for, so the burst is measured alone), then a burst of registrations.
import type { Commits } from '../commits.js';
import { deliveryFigures, printDelivery } from '../delivery-figures.js';
import type { Platform } from '../platform.js';
import type { AfterLoad } from '../sidecars.js';
import { waitForDeliveries } from '../subscriber/deliveries.js';
import { registrationBurst } from './burst.js';

export interface DeliverySettings {
  burst: number;
  burstConcurrency: number;
  deliveryTimeoutMs: number;
}

export async function loadEventsDelivery(platform: Platform, appCommits: Commits, rawCommits: Commits, timeoutMs: number) {
  console.log(`\nevent delivery of the load's commits (waiting up to ${timeoutMs / 1000} s)`);
  const deliveries = await waitForDeliveries(platform.subscriber, [...appCommits.keys(), ...rawCommits.keys()], timeoutMs);
  const app = deliveryFigures(appCommits, deliveries);
  const raw = deliveryFigures(rawCommits, deliveries);
  printDelivery('A (app)', app, timeoutMs / 1000);
  printDelivery('B (raw transaction)', raw, timeoutMs / 1000);
  return { app, raw };
}

export const BURST_LOAD = 'burst: POST /v1/customers via sidecar';

export async function burstDelivery(platform: Platform, settings: DeliverySettings, tag: string, after: AfterLoad) {
  console.log(`\nevent delivery: burst of ${settings.burst} registrations, ${settings.burstConcurrency} in flight`);
  const commits: Commits = new Map();
  const registration = await registrationBurst(platform.apps.customer, settings.burst, settings.burstConcurrency, tag, commits);
  console.log(`  registered ${registration.registered}/${registration.requested} in ${registration.seconds} s (${registration.registrationsPerSecond} /s); failures ${JSON.stringify(registration.failures)}`);
  // The timeout runs from the end of the burst: every commit gets at least that long. The sidecars
  // are sampled meanwhile (the subscriber is read on its app port, not through its daprd).
  const [deliveries] = await Promise.all([waitForDeliveries(platform.subscriber, commits.keys(), settings.deliveryTimeoutMs), after(BURST_LOAD)]);
  const delivery = deliveryFigures(commits, deliveries);
  printDelivery('burst', delivery, settings.deliveryTimeoutMs / 1000);
  return { registration, delivery };
}
