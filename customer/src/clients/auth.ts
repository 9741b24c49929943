// What the customer app asks of auth: ending a customer's sessions (common's SessionRevoker, with this
// app's metric), and the login budget of the customer's password checks outside login.
import { LoginBudget, SessionRevoker, type DaprClient, type Logger } from '@idp/common';
import type { PerformedBy, RevokeReason } from '@idp/proto';
import { sessionRevocations } from '../metrics.js';

export class AuthClient {
  private readonly revoker: SessionRevoker;
  private readonly budget: LoginBudget;

  constructor(dapr: DaprClient, logger: Logger) {
    this.revoker = new SessionRevoker(dapr, logger, sessionRevocations);
    this.budget = new LoginBudget(dapr);
  }

  /** `verify` within the customer's login budget (shared with login): see common/login-budget.ts. */
  checkPassword(email: string, customerId: string, verify: () => Promise<boolean>): Promise<boolean> {
    return this.budget.check('customer', email, customerId, verify);
  }

  releaseLock(email: string, customerId: string, performedBy: PerformedBy): Promise<{ wasLocked: boolean }> {
    return this.budget.release('customer', email, customerId, performedBy);
  }

  revokeCustomerSessions(customerId: string, reason: RevokeReason, exceptSessionId?: string): Promise<boolean> {
    return this.revoker.revokeAll('customer', customerId, reason, exceptSessionId);
  }
}
