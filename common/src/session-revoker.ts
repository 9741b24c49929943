// Auth's internal revoke-all route, through Dapr service invocation (auth's access-control policy
// admits the identity-owning apps). A failure never undoes the change that asked for it: the
// change's own event reaches auth's safety-net subscription, which revokes the sessions then.
import type { Counter } from 'prom-client';
import type { RevokeReason, RevokeSubjectRequest, UserType } from '@idp/proto';
import type { DaprClient } from './dapr.js';
import type { Logger } from './logger.js';

export class SessionRevoker {
  constructor(
    private readonly dapr: DaprClient,
    private readonly logger: Logger,
    /** Counts calls by reason and outcome (ok, deferred: left to auth's subscription). */
    private readonly revocations: Counter<'reason' | 'outcome'>,
  ) {}

  /** Revokes every session of the subject (but `exceptSessionId`); returns whether auth confirmed it. Never throws. */
  async revokeAll(userType: UserType, subjectId: string, reason: RevokeReason, exceptSessionId?: string): Promise<boolean> {
    const body: RevokeSubjectRequest = { userType, subjectId, reason, ...(exceptSessionId ? { exceptSessionId } : {}) };
    try {
      const res = await this.dapr.invoke('auth', 'internal/subjects/revoke', 'POST', body);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`auth answered ${res.status}`);
      this.revocations.inc({ reason, outcome: 'ok' });
      return true;
    } catch (error) {
      this.revocations.inc({ reason, outcome: 'deferred' });
      this.logger.warn('could not revoke sessions in auth now; its subscription to the identity events will', { userType, subjectId, reason, error: String(error) });
      return false;
    }
  }
}
