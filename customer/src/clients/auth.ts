// Ending a customer's sessions in auth (common's SessionRevoker, with this app's metric).
import { SessionRevoker, type DaprClient, type Logger } from '@idp/common';
import type { RevokeReason } from '@idp/proto';
import { sessionRevocations } from '../metrics.js';

export class AuthClient {
  private readonly revoker: SessionRevoker;

  constructor(dapr: DaprClient, logger: Logger) {
    this.revoker = new SessionRevoker(dapr, logger, sessionRevocations);
  }

  revokeCustomerSessions(customerId: string, reason: RevokeReason, exceptSessionId?: string): Promise<boolean> {
    return this.revoker.revokeAll('customer', customerId, reason, exceptSessionId);
  }
}
