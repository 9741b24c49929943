// Status changes and soft delete: the actor commits the change with its event (outbox), then the
// customer's sessions are revoked in auth synchronously. If auth cannot be reached the change stays
// committed and its event makes auth's safety-net subscription revoke the sessions.
import { unwrap, type Logger } from '@idp/common';
import type { PerformedBy } from '@idp/proto';
import type { CustomerView } from './domain/customer.js';
import { revokeReasonFor, type StatusAction } from './domain/status.js';
import type { CustomerActors } from './clients/actors.js';
import type { AuthClient } from './clients/auth.js';
import { indexValues, type IndexClaims } from './claims.js';

export class CustomerLifecycle {
  constructor(
    private readonly actors: CustomerActors,
    private readonly claims: IndexClaims,
    private readonly auth: AuthClient,
    private readonly logger: Logger,
  ) {}

  async changeStatus(customerId: string, action: StatusAction, performedBy: PerformedBy): Promise<CustomerView> {
    const outcome = unwrap(await this.actors.changeStatus(customerId, action, performedBy));
    const reason = revokeReasonFor(outcome.status);
    // Also on an unchanged status: a retried suspend must still leave no working session.
    if (reason) await this.auth.revokeCustomerSessions(customerId, reason);
    if (outcome.changed) this.logger.info('customer status changed', { customerId, status: outcome.status });
    return outcome.view;
  }

  /** Returns false when the customer was already deleted (a retried delete). */
  async softDelete(customerId: string, performedBy: PerformedBy): Promise<boolean> {
    const outcome = unwrap(await this.actors.softDelete(customerId, performedBy));
    await this.auth.revokeCustomerSessions(customerId, 'subject_deleted');
    // The email and phone may register again; a lost release heals itself (deleted owners hold nothing).
    await this.claims.releaseAll(indexValues(outcome.email, outcome.phone), customerId);
    if (outcome.deleted) this.logger.info('customer soft-deleted', { customerId });
    return outcome.deleted;
  }
}
