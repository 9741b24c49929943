import type { VerificationPolicy } from '../domain/verification.js';
import { dependencyHolder, type Bulkhead, type DaprClient, type IndexClaims, type Logger, type OutboxWriter } from '@idp/common';
import type { AuthClient } from '../clients/auth.js';
import type { OrderClient } from '../clients/orders.js';
import type { VerificationCodes } from '../clients/verification-codes.js';
import type { IndexKind } from './UniqueIndexActor.interface.js';
import type { ActiveCustomers } from './active-customers.js';

export interface ActorDeps {
  dapr: DaprClient;
  outbox: OutboxWriter;
  logger: Logger;
  /** After this long, a pending email claim whose customer never appeared may be taken over. */
  claimPendingTimeoutMs: number;
  verification: VerificationPolicy;
  /** The address book's cap: enough for real use, small enough that the document stays small. */
  maxAddresses: number;
  maxGroups: number;
  erasureGraceMs: number;
  /** How long a staff-issued password reset token works. */
  passwordResetTtlMs: number;
  erasureRetryMs: number;
  /** Erasures running at once in this process; the rest of a burst of due reminders waits. */
  erasureBulkhead: Bulkhead;
  /** Erasure ends sessions and frees the email and phone from inside the actor's reminder turn. */
  auth: AuthClient;
  /** Sends verification codes to the notification service's own topic. */
  codes: VerificationCodes;
  claims: IndexClaims<IndexKind>;
  /** Assigned to every new customer right after registration. */
  defaultSegments: readonly string[];
  /** Period of each customer's reconcile against the order service. */
  statsReconcileMs: number;
  orders: OrderClient;
  /** The documents of the customer actors active in this process, for reads without a store trip. */
  active: ActiveCustomers;
}

const holder = dependencyHolder<ActorDeps>('customer actors');
export const configureActors = holder.configure;
export const actorDeps = holder.get;
