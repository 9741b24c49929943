/** Dapr component names of this app (components/customer-*.yaml). */
export const STORES = {
  /** Outbox-enabled: aggregates and their events. */
  aggregates: 'customer-store',
  /** actorStateStore: index claims and other actor-only state. */
  actors: 'customer-actor-store',
} as const;
