// One actor per subject (user type + id): its session list, the session limit, revoke-all, and the
// identity events from user and customer it has applied. Its turns make the limit atomic: parallel
// logins of one subject are admitted one at a time.
import { AbstractActor } from '@dapr/dapr';
import { AppError, asResult, readActorState, type Result } from '@idp/common';
import { ERROR_CODES, type RevokeReason } from '@idp/proto';
import { recordEvent, type IdentityEventLog, type IdentityEventRecord } from '../domain/identity-events.js';
import { isActive, type NewSession, type SessionRecord } from '../domain/session.js';
import { admit, type SessionEntry } from '../domain/session-limit.js';
import { sessionsOpenedTotal } from '../metrics.js';
import { sessionKey, STORES } from '../stores.js';
import { actorDeps } from './deps.js';
import { ACTORS } from './names.js';

export const SESSIONS_KEY = 'sessions';
export const IDENTITY_EVENTS_KEY = 'identityEvents';

export class SubjectActor extends AbstractActor {
  private async entries(): Promise<SessionEntry[]> {
    return (await readActorState<SessionEntry[]>(this.getStateManager(), SESSIONS_KEY)) ?? [];
  }

  private async saveEntries(entries: SessionEntry[]): Promise<void> {
    const state = this.getStateManager<SessionEntry[]>();
    await state.setState(SESSIONS_KEY, entries);
    await state.saveState();
  }

  /** Drops sessions that ended (their documents say so, or are gone); one bulk read. */
  private async liveEntries(): Promise<{ entry: SessionEntry; session: SessionRecord }[]> {
    const entries = await this.entries();
    const docs = await actorDeps().dapr.getBulkState<SessionRecord>(STORES.records, entries.map((e) => sessionKey(e.sessionId)));
    const now = Date.now();
    return entries
      .map((entry) => ({ entry, session: docs.get(sessionKey(entry.sessionId)) }))
      .filter((l): l is { entry: SessionEntry; session: SessionRecord } => l.session !== undefined && isActive(l.session, now));
  }

  private revokeSession(sessionId: string, reason: RevokeReason): Promise<Result<{ revoked: boolean }>> {
    return actorDeps().dapr.invokeActor(ACTORS.session, sessionId, 'revoke', { reason, notifySubject: false });
  }

  async openSession(input: NewSession): Promise<Result<SessionRecord>> {
    return asResult(async () => {
      const { dapr, settings, logger } = actorDeps();
      const live = (await this.liveEntries()).map((l) => l.entry);
      const admission = admit(live, { sessionId: input.sessionId, createdAt: Date.now() }, settings.sessionLimit, settings.sessionLimitPolicy);
      if (!admission.admitted) {
        throw new AppError('conflict', ERROR_CODES.sessionLimitReached, `At most ${settings.sessionLimit} sessions may be active; log out of one first.`);
      }
      const created = await dapr.invokeActor<Result<SessionRecord>>(ACTORS.session, input.sessionId, 'create', input);
      if (!created.ok) throw new AppError(created.error.kind, created.error.code, created.error.detail, created.error.options);
      // Saved before evicting: even if an eviction fails below, the list never exceeds the limit.
      await this.saveEntries(admission.keep);
      for (const evicted of admission.evict) {
        const result = await this.revokeSession(evicted.sessionId, 'session_limit');
        if (!result.ok) logger.warn('could not revoke an evicted session', { sessionId: evicted.sessionId, error: result.error.code });
      }
      sessionsOpenedTotal.inc({ user_type: input.userType });
      return created.value;
    });
  }

  async listSessions(): Promise<SessionRecord[]> {
    return (await this.liveEntries()).map((l) => l.session);
  }

  async forgetSession({ sessionId }: { sessionId: string }): Promise<void> {
    const entries = await this.entries();
    if (entries.some((e) => e.sessionId === sessionId)) await this.saveEntries(entries.filter((e) => e.sessionId !== sessionId));
  }

  /** Revokes every session of the subject; safe to repeat. */
  /** Revokes every session of the subject, but `exceptSessionId` (the caller's own session, e.g.
   * after a password change made in it) and, with `issuedBefore`, sessions created after it. */
  async revokeAll({ reason, exceptSessionId, issuedBefore }: { reason: RevokeReason; exceptSessionId?: string; issuedBefore?: number }): Promise<Result<{ revoked: number }>> {
    return asResult(async () => {
      let revoked = 0;
      const entries = await this.entries();
      const spared = (entry: SessionEntry) => entry.sessionId === exceptSessionId || (issuedBefore !== undefined && entry.createdAt >= issuedBefore);
      for (const entry of entries) {
        if (spared(entry)) continue;
        const result = await this.revokeSession(entry.sessionId, reason);
        if (!result.ok) throw new AppError(result.error.kind, result.error.code, result.error.detail, result.error.options);
        if (result.value.revoked) revoked++;
      }
      await this.saveEntries(entries.filter(spared));
      return { revoked };
    });
  }

  /** Applies an identity event from user or customer once per CloudEvent id. */
  async applyIdentityEvent(input: { event: IdentityEventRecord; revokeReason: RevokeReason | null; exceptSessionId?: string; issuedBefore?: number }): Promise<Result<{ duplicate: boolean }>> {
    return asResult(async () => {
      const state = this.getStateManager<IdentityEventLog>();
      const { log, duplicate } = recordEvent(await readActorState<IdentityEventLog>(state, IDENTITY_EVENTS_KEY), input.event);
      if (duplicate) return { duplicate };
      if (input.revokeReason) {
        const { exceptSessionId, issuedBefore } = input;
        const result = await this.revokeAll({ reason: input.revokeReason, ...(exceptSessionId ? { exceptSessionId } : {}), ...(issuedBefore !== undefined ? { issuedBefore } : {}) });
        if (!result.ok) throw new AppError(result.error.kind, result.error.code, result.error.detail, result.error.options);
      }
      // Recorded only after its effect: a failure above leaves the event unapplied, so Dapr's retry
      // applies it again.
      await state.setState(IDENTITY_EVENTS_KEY, log);
      await state.saveState();
      return { duplicate };
    });
  }
}
