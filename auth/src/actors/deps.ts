import { dependencyHolder, type DaprClient, type Logger, type OutboxWriter } from '@idp/common';
import type { AuthSettings } from '../settings.js';

export interface ActorDeps {
  dapr: DaprClient;
  /** Outbox writer on auth-store (auth-events). */
  outbox: OutboxWriter;
  logger: Logger;
  settings: AuthSettings;
}

const holder = dependencyHolder<ActorDeps>('auth actors');
export const configureActors = holder.configure;
export const actorDeps = holder.get;
