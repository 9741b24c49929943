import { AbstractActor } from '@dapr/dapr';
import { AppError, asResult, checkResetSecret, invalidResetToken as invalidResetTokenError, type OutboxEvent, type Result, type StatusAction } from '@idp/common';
import { ERROR_CODES, USER_EVENTS, type PerformedBy, type StaffUserType } from '@idp/proto';
import { effectiveChanges, softDeleted, withChanges, withPassword, withPasswordReset, withStatus, type UserChanges } from '../domain/changes.js';
import { decideTransition } from '../domain/status.js';
import { newUserAggregate, toView, userCreatedEvent, userKey, type NewUser, type UserAggregate, type UserView } from '../domain/user.js';
import { userNotFound } from '../reads.js';
import { STORES } from '../stores.js';
import { actorDeps } from './deps.js';
import type { DeleteOutcome, StatusOutcome, UpdateOutcome, UserActorApi } from './UserActor.interface.js';

interface Loaded {
  aggregate: UserAggregate;
  etag: string | undefined;
}

const invalidResetToken = () => invalidResetTokenError('an admin');

export class UserActor extends AbstractActor implements UserActorApi {
  private get userId(): string {
    return this.getActorId().getId();
  }

  private async load(): Promise<Loaded | undefined> {
    const item = await actorDeps().dapr.getState<UserAggregate>(STORES.aggregates, userKey(this.userId));
    return item ? { aggregate: item.value, etag: item.etag } : undefined;
  }

  private async loadLive(): Promise<Loaded> {
    const loaded = await this.load();
    if (!loaded || loaded.aggregate.user.status === 'deleted') throw userNotFound();
    return loaded;
  }

  /** The document and its event in one outbox transaction; the ETag guards against a second writer. */
  private async save(loaded: Loaded | undefined, next: UserAggregate, event: OutboxEvent, performedBy?: PerformedBy): Promise<void> {
    const data = performedBy ? { ...event.data, performedBy } : event.data;
    await actorDeps().outbox.write({ key: userKey(this.userId), value: next, ...(loaded?.etag ? { etag: loaded.etag } : {}) }, { type: event.type, data });
  }

  async create({ performedBy, ...input }: Omit<NewUser, 'id'> & { performedBy: PerformedBy }): Promise<Result<UserView>> {
    return asResult(async () => {
      const existing = await this.load();
      if (existing) {
        // Ids are minted per request: the same email and hash is this request retried by a sidecar.
        const { user, credentials } = existing.aggregate;
        if (user.email === input.email && credentials.passwordHash === input.passwordHash && user.status !== 'deleted') return toView(existing.aggregate);
        throw new AppError('conflict', ERROR_CODES.concurrentModification, 'A user with this id already exists.');
      }
      const now = new Date();
      const aggregate = newUserAggregate({ ...input, id: this.userId }, now);
      await this.save(undefined, aggregate, { type: USER_EVENTS.created, data: userCreatedEvent(aggregate, now) }, performedBy);
      return toView(aggregate);
    });
  }

  async update({ changes: requested, performedBy }: { changes: UserChanges; performedBy: PerformedBy }): Promise<Result<UpdateOutcome>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      const previousEmail = loaded.aggregate.user.email;
      const changes = effectiveChanges(loaded.aggregate, requested);
      if (!Object.keys(changes).length) return { view: toView(loaded.aggregate), changes, previousEmail };
      const { next, event } = withChanges(loaded.aggregate, changes, new Date());
      await this.save(loaded, next, { type: USER_EVENTS.updated, data: event }, performedBy);
      return { view: toView(next), changes, previousEmail };
    });
  }

  async changeStatus({ action, performedBy }: { action: StatusAction; performedBy: PerformedBy }): Promise<Result<StatusOutcome>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      const decision = decideTransition(loaded.aggregate.user.status, action);
      if (decision.kind === 'invalid') {
        throw new AppError('conflict', ERROR_CODES.invalidStatusTransition, `A user in status ${decision.current} cannot be ${action}d.`, { extensions: { currentStatus: decision.current } });
      }
      if (decision.kind === 'unchanged') return { view: toView(loaded.aggregate), changed: false };
      const { next, event } = withStatus(loaded.aggregate, decision.to, new Date());
      await this.save(loaded, next, { type: USER_EVENTS.statusChanged, data: event }, performedBy);
      return { view: toView(next), changed: true };
    });
  }

  async softDelete({ performedBy }: { performedBy: PerformedBy }): Promise<Result<DeleteOutcome>> {
    return asResult(async () => {
      const loaded = await this.load();
      if (!loaded) throw userNotFound();
      const { user } = loaded.aggregate;
      // A repeated delete is a no-op, so a client may retry it safely.
      if (user.status === 'deleted') return { deleted: false, email: user.email, userType: user.userType };
      const { next, event } = softDeleted(loaded.aggregate, new Date());
      await this.save(loaded, next, { type: USER_EVENTS.deleted, data: event }, performedBy);
      return { deleted: true, email: user.email, userType: user.userType };
    });
  }

  /** Replaces the hash only if it is still the one the caller verified the current password against. */
  async changePassword(input: { passwordHash: string; expectedHash: string; keepSessionId: string | null; performedBy: PerformedBy }): Promise<Result<void>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      if (loaded.aggregate.credentials.passwordHash !== input.expectedHash) {
        throw new AppError('conflict', ERROR_CODES.concurrentModification, 'The password changed meanwhile. Sign in again and retry.');
      }
      const { next, event } = withPassword(loaded.aggregate, input.passwordHash, 'change', input.keepSessionId, new Date());
      await this.save(loaded, next, { type: USER_EVENTS.passwordChanged, data: event }, input.performedBy);
    });
  }

  /** The same password at today's hash cost: no version, no event (nothing anyone sees changes). */
  async rehashPassword({ passwordHash, expectedHash }: { passwordHash: string; expectedHash: string }): Promise<Result<{ rehashed: boolean }>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      if (loaded.aggregate.credentials.passwordHash !== expectedHash) return { rehashed: false };
      const next: UserAggregate = { ...loaded.aggregate, credentials: { ...loaded.aggregate.credentials, passwordHash } };
      await actorDeps().dapr.saveState(STORES.aggregates, [{ key: userKey(this.userId), value: next, ...(loaded.etag ? { etag: loaded.etag, options: { concurrency: 'first-write' as const } } : {}) }]);
      return { rehashed: true };
    });
  }

  /** A new token replaces any earlier one: only the latest works. */
  async issuePasswordReset({ tokenHash, performedBy }: { tokenHash: string; performedBy: PerformedBy }): Promise<Result<{ expiresAt: string }>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      const { next, event } = withPasswordReset(loaded.aggregate, tokenHash, actorDeps().passwordResetTtlMs, performedBy.id, new Date());
      await this.save(loaded, next, { type: USER_EVENTS.passwordResetIssued, data: event }, performedBy);
      return { expiresAt: event.expiresAt };
    });
  }

  /** Whether the reset secret would be accepted now: checked before the new password is hashed, so a
   * made-up token costs no hash. Changes nothing. */
  async checkPasswordReset({ secret }: { secret: string }): Promise<{ valid: boolean }> {
    const loaded = await this.load();
    return { valid: !!loaded && loaded.aggregate.user.status !== 'deleted' && checkResetSecret(loaded.aggregate.passwordReset, secret, new Date()) === 'valid' };
  }

  async resetPassword({ secret, passwordHash }: { secret: string; passwordHash: string }): Promise<Result<{ userType: StaffUserType }>> {
    return asResult(async () => {
      const loaded = await this.load();
      // Unknown, deleted and wrong are one answer: the route reveals nothing about which accounts exist.
      if (!loaded || loaded.aggregate.user.status === 'deleted') throw invalidResetToken();
      if (checkResetSecret(loaded.aggregate.passwordReset, secret, new Date()) !== 'valid') throw invalidResetToken();
      const { next, event } = withPassword(loaded.aggregate, passwordHash, 'reset', null, new Date());
      await this.save(loaded, next, { type: USER_EVENTS.passwordChanged, data: event }, { kind: 'system', id: 'password-reset' });
      return { userType: loaded.aggregate.user.userType };
    });
  }
}
