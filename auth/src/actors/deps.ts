import { dependencyHolder, type DaprClient, type Logger, type OutboxWriter } from '@idp/common';
import type { AuthSettings } from '../settings.js';
import type { LiveSessions } from '../sessions/live-sessions.js';

export interface ActorDeps {
  dapr: DaprClient;
  /** Outbox writer on auth-store (auth-events). */
  outbox: OutboxWriter;
  logger: Logger;
  settings: AuthSettings;
  /** This replica's view of the sessions, told at once of every session this replica writes. */
  sessions: LiveSessions;
}

const holder = dependencyHolder<ActorDeps>('auth actors');
export const configureActors = holder.configure;
export const actorDeps = holder.get;
