import { dependencyHolder, type DaprClient, type Logger, type OutboxWriter } from '@idp/common';

export interface ActorDeps {
  dapr: DaprClient;
  outbox: OutboxWriter;
  logger: Logger;
  /** After this long, a pending email claim whose user never appeared may be taken over. */
  claimPendingTimeoutMs: number;
  /** How long an admin-issued reset token works. */
  passwordResetTtlMs: number;
}

const holder = dependencyHolder<ActorDeps>('user actors');
export const configureActors = holder.configure;
export const actorDeps = holder.get;
