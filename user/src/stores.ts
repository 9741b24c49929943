/** Dapr component names of this app (components/user-*.yaml). */
export const STORES = {
  /** Outbox-enabled: user accounts and their events. */
  aggregates: 'user-store',
  /** actorStateStore: UserActor and the user email index. */
  actors: 'user-actor-store',
} as const;
