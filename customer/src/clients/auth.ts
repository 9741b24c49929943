// Auth's internal revoke-all route, through Dapr service invocation (auth's access-control policy
// admits app-id customer). A failure never undoes the status change that asked for it: the change's
// own event reaches auth's safety-net subscription, which revokes the sessions then.
import type { DaprClient, Logger } from '@idp/common';
import type { RevokeReason, RevokeSubjectRequest } from '@idp/proto';
import { sessionRevocations } from '../metrics.js';

export class AuthClient {
  constructor(
    private readonly dapr: DaprClient,
    private readonly logger: Logger,
  ) {}

  /** Revokes every session of the customer (but `exceptSessionId`); returns whether auth confirmed it. Never throws. */
  async revokeCustomerSessions(customerId: string, reason: RevokeReason, exceptSessionId?: string): Promise<boolean> {
    const body: RevokeSubjectRequest = { userType: 'customer', subjectId: customerId, reason, ...(exceptSessionId ? { exceptSessionId } : {}) };
    try {
      const res = await this.dapr.invoke('auth', 'internal/subjects/revoke', 'POST', body);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`auth answered ${res.status}`);
      sessionRevocations.inc({ reason, outcome: 'ok' });
      return true;
    } catch (error) {
      sessionRevocations.inc({ reason, outcome: 'deferred' });
      this.logger.warn('could not revoke sessions in auth now; its subscription to customer-events will', { customerId, reason, error: String(error) });
      return false;
    }
  }
}
