// One actor per session: the only writer of its session document in auth-store. Its turns serialize
// refreshes, which makes rotation and reuse detection race-free. A reminder removes the session
// once it has ended (expired, idle, or revoked and past its lifetime).
import { AbstractActor } from '@dapr/dapr';
import { AppError, asResult, daprDuration, isEtagMismatch, type Result } from '@idp/common';
import { AUTH_EVENTS, ERROR_CODES, type RevokeReason } from '@idp/proto';
import { sessionCreatedEvent, sessionRevokedEvent } from '../domain/session-events.js';
import { inactivity, openSession, refreshSession, revokeSession, sessionTtlSeconds, withLastRotation, type NewSession, type SessionRecord } from '../domain/session.js';
import { sessionsCleanedTotal, sessionsRevokedTotal } from '../metrics.js';
import { sessionKey, STORES } from '../stores.js';
import { actorDeps } from './deps.js';
import { ACTORS, subjectActorId } from './names.js';

const EXPIRY_REMINDER = 'session-expiry';
/** Writes retried on a fresh read when the document changed under them (a refresh's compare-and-set
 * outside this actor, flows/refresh.ts). */
const WRITE_ATTEMPTS = 3;

/** A refresh decided in a turn: rotated (the caller's answer stands), or the repeat of the last one. */
export type RefreshAnswer = { kind: 'rotated' } | { kind: 'replay'; sealedAnswer: string };

interface RefreshInput {
  presentedHash: string;
  nextHash: string;
  deviceId: string | null;
  /** The caller's answer, sealed, kept for the grace window ('' without one). */
  sealedAnswer: string;
}

const invalidRefresh = () => new AppError('unauthorized', ERROR_CODES.invalidRefreshToken, 'The refresh token is not valid.');

export class SessionActor extends AbstractActor {
  private get sessionId(): string {
    return this.getActorId().getId();
  }

  private async load(): Promise<{ session: SessionRecord; etag: string | undefined } | undefined> {
    const item = await actorDeps().dapr.getState<SessionRecord>(STORES.records, sessionKey(this.sessionId));
    return item ? { session: item.value, etag: item.etag } : undefined;
  }

  private ttl(session: SessionRecord, now: number): Record<string, string> {
    return { ttlInSeconds: String(sessionTtlSeconds(session, now)) };
  }

  private scheduleExpiry(session: SessionRecord, now: number): Promise<void> {
    const at = session.status === 'revoked' ? session.expiresAt : Math.min(session.expiresAt, session.idleExpiresAt);
    return actorDeps().dapr.registerReminder(ACTORS.session, this.sessionId, EXPIRY_REMINDER, { dueTime: daprDuration(at - now + 1000), data: { kind: 'expire' } });
  }

  async create(input: NewSession): Promise<Result<SessionRecord>> {
    return asResult(async () => {
      const { outbox, settings, sessions } = actorDeps();
      if (await this.load()) throw new AppError('conflict', ERROR_CODES.concurrentModification, 'This session already exists.');
      const now = Date.now();
      const session = openSession({ ...input, sessionId: this.sessionId }, now, settings.session);
      await outbox.write(
        { key: sessionKey(this.sessionId), value: session, metadata: this.ttl(session, now) },
        { type: AUTH_EVENTS.sessionCreated, data: sessionCreatedEvent(session, now) },
      );
      sessions.put(session);
      await this.scheduleExpiry(session, now);
      return session;
    });
  }

  /** Runs `attempt` on the document as stored, again on a fresh read if it changed meanwhile. */
  private async onFreshDocument<T>(attempt: (loaded: { session: SessionRecord; etag: string | undefined } | undefined) => Promise<T>): Promise<T> {
    for (let i = 1; ; i++) {
      try {
        return await attempt(await this.load());
      } catch (error) {
        const conflict = isEtagMismatch(error) || (error instanceof AppError && error.code === ERROR_CODES.concurrentModification);
        if (!conflict || i >= WRITE_ATTEMPTS) throw error;
      }
    }
  }

  async refresh(input: RefreshInput): Promise<Result<RefreshAnswer>> {
    return asResult(() => this.onFreshDocument((loaded) => this.refreshLoaded(loaded, input)));
  }

  private async refreshLoaded(loaded: { session: SessionRecord; etag: string | undefined } | undefined, input: RefreshInput): Promise<RefreshAnswer> {
    const { dapr, settings, logger, sessions } = actorDeps();
    if (!loaded) throw invalidRefresh();
    const now = Date.now();
    const outcome = refreshSession(loaded.session, input.presentedHash, input.nextHash, input.deviceId, now, settings.session);
    switch (outcome.kind) {
      case 'rotated': {
        const rotated = withLastRotation(outcome.session, input.presentedHash, now, input.sealedAnswer, settings.session);
        // No event for a rotation: a plain save (outside the outbox) with the ETag as second guard.
        await dapr.saveState(STORES.records, [
          { key: sessionKey(this.sessionId), value: rotated, etag: loaded.etag, options: { concurrency: 'first-write' }, metadata: this.ttl(rotated, now) },
        ]);
        sessions.put(rotated);
        // The expiry reminder is not moved here: when it fires on a session that was used since,
        // it reschedules itself to the new idle deadline (one scheduler write per idle period).
        return { kind: 'rotated' };
      }
      case 'replay':
        return { kind: 'replay', sealedAnswer: outcome.sealedAnswer };
      case 'reuse':
        logger.warn('refresh token reuse detected; revoking the session', { sessionId: this.sessionId, subjectId: loaded.session.subjectId });
        await this.writeRevoked(outcome.session, loaded.etag, now);
        throw invalidRefresh();
      case 'device_mismatch':
        throw new AppError('unauthorized', ERROR_CODES.deviceMismatch, 'This refresh token is bound to another device.');
      case 'inactive':
      case 'invalid':
        throw invalidRefresh();
    }
  }

  private async writeRevoked(session: SessionRecord, etag: string | undefined, now: number): Promise<void> {
    const event = sessionRevokedEvent(session, now);
    const { outbox, sessions } = actorDeps();
    await outbox.write({ key: sessionKey(session.sessionId), value: session, etag, metadata: this.ttl(session, now) }, { type: AUTH_EVENTS.sessionRevoked, data: event });
    // Introspection on this replica answers inactive from now on; the others within SESSION_CACHE_MS.
    sessions.put(session);
    sessionsRevokedTotal.inc({ reason: event.reason });
    await this.scheduleExpiry(session, now);
  }

  /** Idempotent: revoking an ended session changes nothing and publishes nothing. */
  async revoke(input: { reason: RevokeReason; notifySubject: boolean }): Promise<Result<{ revoked: boolean; subjectId: string | null }>> {
    return asResult(() =>
      this.onFreshDocument(async (loaded) => {
        if (!loaded || loaded.session.status === 'revoked') return { revoked: false, subjectId: loaded?.session.subjectId ?? null };
        const now = Date.now();
        const revoked = revokeSession(loaded.session, input.reason, now);
        await this.writeRevoked(revoked, loaded.etag, now);
        if (input.notifySubject) this.forgetInSubject(revoked);
        return { revoked: true, subjectId: revoked.subjectId };
      }),
    );
  }

  // Not awaited: the subject actor may be waiting on this actor (revoke-all), and an actor must never
  // wait on an actor that waits on it. The subject also prunes ended sessions on its own.
  private forgetInSubject(session: SessionRecord): void {
    const { dapr, logger } = actorDeps();
    dapr.invokeActor(ACTORS.subject, subjectActorId(session.userType, session.subjectId), 'forgetSession', { sessionId: session.sessionId }).catch((error: unknown) => {
      logger.warn('could not tell the subject that a session ended', { sessionId: session.sessionId, error: String(error) });
    });
  }

  override async receiveReminder(data: unknown): Promise<void> {
    const { dapr, logger } = actorDeps();
    try {
      logger.debug('session reminder fired', { sessionId: this.sessionId, data });
      if ((data as { kind?: string } | undefined)?.kind !== 'expire') return;
      const loaded = await this.load();
      if (!loaded) return;
      const now = Date.now();
      const ended = inactivity(loaded.session, now);
      if (ended === null || (ended === 'revoked' && now < loaded.session.expiresAt)) {
        await this.scheduleExpiry(loaded.session, now);
        return;
      }
      await dapr.deleteState(STORES.records, sessionKey(this.sessionId));
      actorDeps().sessions.forget(this.sessionId);
      sessionsCleanedTotal.inc({ reason: ended });
      if (ended !== 'revoked') this.forgetInSubject(loaded.session);
    } catch (error) {
      // The SDK does not catch reminder errors (one would crash the process): log, and try again in a
      // minute. The store's TTL removes the row in any case.
      logger.error('session expiry reminder failed; retrying in 60 s', { sessionId: this.sessionId, error: String(error) });
      await dapr.registerReminder(ACTORS.session, this.sessionId, EXPIRY_REMINDER, { dueTime: '60s', data: { kind: 'expire' } }).catch(() => undefined);
    }
  }
}
