/** Dapr component names of this app (components/user-*.yaml). */
export const STORES = {
  /** Outbox-enabled: user accounts and their events. */
  aggregates: 'user-store',
  /** actorStateStore: UserActor and the user email index. */
  actors: 'user-actor-store',
} as const;

/** Actor types of this app. Names are part of the stored state's identity: never rename. They must
 * differ from every other app's (placement routes an actor type to the apps that host it). */
export const ACTORS = {
  user: 'UserActor',
  emailIndex: 'UserEmailIndexActor',
} as const;
