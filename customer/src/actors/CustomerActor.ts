import { randomUUID } from 'node:crypto';
import { AbstractActor } from '@dapr/dapr';
import { AppError, asResult, daprDuration, readActorState, type OutboxEvent, type Result } from '@idp/common';
import { CUSTOMER_EVENTS, ERROR_CODES, type Address, type PerformedBy, type VerificationChannel } from '@idp/proto';
import { assignGroup, unassignGroup, type MembershipDecision } from '../domain/groups.js';
import { cancelErasure, erase, scheduleErasure } from '../domain/erasure.js';
import { indexValues } from '../claims.js';
import { erasures } from '../metrics.js';
import { addAddress, removeAddress, updateAddress, type AddressDecision, type AddressInput } from '../domain/addresses.js';
import { customerCreatedEvent, customerKey, newCustomerAggregate, toView, type CustomerAggregate, type CustomerView, type NewCustomer } from '../domain/customer.js';
import { softDeleted, withStatus } from '../domain/lifecycle.js';
import { withPassword } from '../domain/password.js';
import { changedPreferences, preferencesView, withPreferences, type PreferencesInput } from '../domain/preferences.js';
import { effectiveChanges, withProfileChanges, type ProfileChanges } from '../domain/profile-update.js';
import { canSoftDelete, decideTransition, type StatusAction } from '../domain/status.js';
import { decideConfirm, decideRequest, newCode, withVerificationRequest, withVerified } from '../domain/verification.js';
import { STORES } from '../stores.js';
import { actorDeps } from './deps.js';
import { CUSTOMER_ACTOR, type CustomerActorApi, type DeleteOutcome, type Membership, type PreferencesView, type StatusOutcome, type UpdateOutcome, type VerificationIssued } from './CustomerActor.interface.js';

/** Failed confirmation attempts per code id: actor state, since a failed attempt needs no event. */
const ATTEMPTS = 'verificationAttempts';
type Attempts = Record<string, number>;

interface Loaded {
  aggregate: CustomerAggregate;
  etag: string | undefined;
}

const ERASURE_REMINDER = 'erasure';
/** Retries of a failed erasure step: the configured wait (30 s), doubling, at most an hour apart. */
const erasureRetryMs = (base: number, attempt: number): number => Math.min(3_600_000, base * 2 ** Math.min(attempt, 7));

const addressNotFound = () => new AppError('not_found', ERROR_CODES.addressNotFound, 'No address with this id.');

const notFound = () => new AppError('not_found', ERROR_CODES.customerNotFound, 'No customer with this id.');

export class CustomerActor extends AbstractActor implements CustomerActorApi {
  private get customerId(): string {
    return this.getActorId().getId();
  }

  private async load(): Promise<Loaded | undefined> {
    const item = await actorDeps().dapr.getState<CustomerAggregate>(STORES.aggregates, customerKey(this.customerId));
    return item ? { aggregate: item.value, etag: item.etag } : undefined;
  }

  /** The customer as it is now, unless deleted (then it is gone for every operation but delete). */
  private async loadLive(): Promise<Loaded> {
    const loaded = await this.load();
    if (!loaded || loaded.aggregate.customer.status === 'deleted') throw notFound();
    return loaded;
  }

  /** The document and its event in one outbox transaction; the ETag guards against a second writer.
   * The event records who made the change, for subscribers and the audit log. */
  private async save(loaded: Loaded | undefined, next: CustomerAggregate, event: OutboxEvent, performedBy: PerformedBy): Promise<void> {
    const data = { ...event.data, performedBy };
    await actorDeps().outbox.write({ key: customerKey(this.customerId), value: next, ...(loaded?.etag ? { etag: loaded.etag } : {}) }, { type: event.type, data });
  }

  async create(input: Omit<NewCustomer, 'id'>): Promise<Result<CustomerView>> {
    return asResult(async () => {
      const existing = await this.load();
      if (existing) {
        // Ids are random, or derived from an Idempotency-Key with the email and password: an existing
        // document with this id and email is this very request retried. Answer with what it wrote.
        const { customer } = existing.aggregate;
        if (customer.email === input.email && customer.status !== 'deleted') return toView(existing.aggregate);
        throw new AppError('conflict', ERROR_CODES.concurrentModification, 'A customer with this id already exists.');
      }
      const now = new Date();
      const aggregate = newCustomerAggregate({ ...input, id: this.customerId }, now);
      // Registration is open: the new customer is who registered.
      await this.save(undefined, aggregate, { type: CUSTOMER_EVENTS.created, data: customerCreatedEvent(aggregate, now) }, { kind: 'customer', id: this.customerId });
      return toView(aggregate);
    });
  }

  async updateProfile({ changes: requested, performedBy }: { changes: ProfileChanges; performedBy: PerformedBy }): Promise<Result<UpdateOutcome>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      const { aggregate } = loaded;
      const previous = { email: aggregate.customer.email, phone: aggregate.profile.phone };
      const changes = effectiveChanges(aggregate, requested);
      if (!Object.keys(changes).length) return { view: toView(aggregate), changes, previous };
      const { next, event } = withProfileChanges(aggregate, changes, new Date());
      await this.save(loaded, next, { type: CUSTOMER_EVENTS.updated, data: event }, performedBy);
      return { view: toView(next), changes, previous };
    });
  }

  async changeStatus({ action, performedBy }: { action: StatusAction; performedBy: PerformedBy }): Promise<Result<StatusOutcome>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      const decision = decideTransition(loaded.aggregate.customer.status, action);
      if (decision.kind === 'invalid') {
        throw new AppError('conflict', ERROR_CODES.invalidStatusTransition, `A customer in status ${decision.current} cannot be ${action}d.`, {
          extensions: { currentStatus: decision.current },
        });
      }
      if (decision.kind === 'unchanged') return { view: toView(loaded.aggregate), changed: false, status: decision.status };
      const { next, event } = withStatus(loaded.aggregate, decision.to, new Date());
      await this.save(loaded, next, { type: CUSTOMER_EVENTS.statusChanged, data: event }, performedBy);
      return { view: toView(next), changed: true, status: decision.to };
    });
  }

  async softDelete({ performedBy }: { performedBy: PerformedBy }): Promise<Result<DeleteOutcome>> {
    return asResult(async () => {
      const loaded = await this.load();
      if (!loaded) throw notFound();
      const { customer, profile } = loaded.aggregate;
      // A repeated delete is a no-op, so a client may retry it safely.
      if (customer.status === 'deleted') return { deleted: false, email: customer.email, phone: profile.phone };
      if (!canSoftDelete(customer.status)) {
        throw new AppError('conflict', ERROR_CODES.invalidStatusTransition, 'An erasure is scheduled for this customer; cancel it first.', {
          extensions: { currentStatus: customer.status },
        });
      }
      const { next, event } = softDeleted(loaded.aggregate, new Date());
      await this.save(loaded, next, { type: CUSTOMER_EVENTS.deleted, data: event }, performedBy);
      return { deleted: true, email: customer.email, phone: profile.phone };
    });
  }

  async updatePreferences({ preferences, performedBy }: { preferences: PreferencesInput; performedBy: PerformedBy }): Promise<Result<PreferencesView>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      if (!changedPreferences(loaded.aggregate.preferences, preferences).length) return preferencesView(loaded.aggregate.preferences);
      const { next, event } = withPreferences(loaded.aggregate, preferences, new Date());
      await this.save(loaded, next, { type: CUSTOMER_EVENTS.preferencesUpdated, data: event }, performedBy);
      return preferencesView(next.preferences);
    });
  }

  /** Replaces the hash only if it is still the one the caller verified the current password against. */
  async changePassword({ passwordHash, expectedHash, keepSessionId, performedBy }: { passwordHash: string; expectedHash: string; keepSessionId: string | null; performedBy: PerformedBy }): Promise<Result<void>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      if (loaded.aggregate.credentials.passwordHash !== expectedHash) {
        throw new AppError('conflict', ERROR_CODES.concurrentModification, 'The password changed meanwhile. Sign in again and retry.');
      }
      const { next, event } = withPassword(loaded.aggregate, passwordHash, keepSessionId, new Date());
      await this.save(loaded, next, { type: CUSTOMER_EVENTS.passwordChanged, data: event }, performedBy);
    });
  }

  async requestVerification({ channel, performedBy }: { channel: VerificationChannel; performedBy: PerformedBy }): Promise<Result<VerificationIssued>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      const policy = actorDeps().verification;
      const now = new Date();
      const decision = decideRequest(loaded.aggregate, channel, policy, now);
      switch (decision.kind) {
        case 'already_verified':
          throw new AppError('conflict', ERROR_CODES.alreadyVerified, `The ${channel} is already verified.`);
        case 'no_destination':
          throw new AppError('conflict', ERROR_CODES.verificationNotPossible, 'There is no phone number to verify; add one first.');
        case 'cooldown': {
          const retryAfter = Math.ceil(decision.retryAfterMs / 1000);
          throw new AppError('rate_limited', ERROR_CODES.verificationCooldown, 'A code was sent moments ago; wait before asking for another.', { retryAfter, extensions: { retryAfterSeconds: retryAfter } });
        }
        case 'issue':
          break;
      }
      const { next, event, pending } = withVerificationRequest(loaded.aggregate, channel, decision.destination, newCode(), policy, now);
      await this.save(loaded, next, { type: CUSTOMER_EVENTS.verificationRequested, data: event }, performedBy);
      return { channel, expiresAt: pending.expiresAt, resendAvailableAt: new Date(now.getTime() + policy.resendCooldownMs).toISOString() };
    });
  }

  async confirmVerification({ channel, code, performedBy }: { channel: VerificationChannel; code: string; performedBy: PerformedBy }): Promise<Result<CustomerView>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      const policy = actorDeps().verification;
      const pending = loaded.aggregate.verification?.[channel];
      const state = this.getStateManager<Attempts>();
      const attempts = (await readActorState<Attempts>(state, ATTEMPTS)) ?? {};
      const decision = decideConfirm(pending, code, pending ? (attempts[pending.codeId] ?? 0) : 0, policy, new Date());
      switch (decision.kind) {
        case 'not_requested':
          throw new AppError('conflict', ERROR_CODES.verificationNotRequested, `No ${channel} verification code is pending; request one first.`);
        case 'expired':
          throw new AppError('invalid', ERROR_CODES.verificationCodeExpired, 'The code has expired; request a new one.');
        case 'exhausted':
          throw new AppError('rate_limited', ERROR_CODES.verificationAttemptsExhausted, 'Too many wrong codes; request a new one.');
        case 'wrong':
          // Only the pending code's counter is kept: older codes are gone with their hashes.
          await state.setState(ATTEMPTS, { [pending!.codeId]: (attempts[pending!.codeId] ?? 0) + 1 });
          await state.saveState();
          throw new AppError('invalid', ERROR_CODES.invalidVerificationCode, 'The code is not correct.', {
            errors: [{ pointer: '/code', detail: 'is not correct' }],
            extensions: { attemptsLeft: decision.attemptsLeft },
          });
        case 'verified':
          break;
      }
      const { next, event } = withVerified(loaded.aggregate, channel, new Date());
      await this.save(loaded, next, { type: CUSTOMER_EVENTS.verified, data: event }, performedBy);
      await state.tryRemoveState(ATTEMPTS);
      await state.saveState();
      return toView(next);
    });
  }

  async addAddress({ address, performedBy }: { address: AddressInput; performedBy: PerformedBy }): Promise<Result<Address>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      const decision = addAddress(loaded.aggregate, address, randomUUID(), actorDeps().maxAddresses, performedBy, new Date());
      return (await this.saveAddressChange(loaded, decision, CUSTOMER_EVENTS.addressCreated))!;
    });
  }

  async updateAddress({ addressId, patch, performedBy }: { addressId: string; patch: AddressInput; performedBy: PerformedBy }): Promise<Result<Address>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      return (await this.saveAddressChange(loaded, updateAddress(loaded.aggregate, addressId, patch, performedBy, new Date()), CUSTOMER_EVENTS.addressUpdated))!;
    });
  }

  async removeAddress({ addressId, performedBy }: { addressId: string; performedBy: PerformedBy }): Promise<Result<void>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      await this.saveAddressChange(loaded, removeAddress(loaded.aggregate, addressId, performedBy, new Date()), CUSTOMER_EVENTS.addressDeleted);
    });
  }

  /** The reminder is registered before the write: a write without its reminder could never run. A
   * reminder whose write failed finds nothing due when it fires. */
  async scheduleErasure({ performedBy }: { performedBy: PerformedBy }): Promise<Result<{ scheduledFor: string }>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      const { erasureGraceMs, dapr } = actorDeps();
      const decision = scheduleErasure(loaded.aggregate, erasureGraceMs, new Date());
      if (decision.kind === 'deleted') throw notFound();
      if (decision.kind === 'already_scheduled') return { scheduledFor: decision.scheduledFor };
      await dapr.registerReminder(CUSTOMER_ACTOR, this.customerId, ERASURE_REMINDER, { dueTime: daprDuration(erasureGraceMs), data: { kind: 'erase', attempt: 0 } });
      await this.save(loaded, decision.next, { type: CUSTOMER_EVENTS.erasureScheduled, data: decision.event }, performedBy);
      erasures.inc({ outcome: 'scheduled' });
      return { scheduledFor: decision.event.scheduledFor };
    });
  }

  async cancelErasure({ performedBy }: { performedBy: PerformedBy }): Promise<Result<CustomerView>> {
    return asResult(async () => {
      const loaded = await this.load();
      if (!loaded || loaded.aggregate.customer.status === 'deleted') throw notFound();
      const decision = cancelErasure(loaded.aggregate, new Date());
      if (decision.kind === 'not_scheduled') {
        throw new AppError('conflict', ERROR_CODES.erasureNotScheduled, 'No erasure is scheduled for this customer.', { extensions: { currentStatus: decision.status } });
      }
      await this.save(loaded, decision.next, { type: CUSTOMER_EVENTS.erasureCancelled, data: decision.event }, performedBy);
      // A reminder that outlives the cancel finds nothing due: removing it is tidiness, not safety.
      await actorDeps().dapr.unregisterReminder(CUSTOMER_ACTOR, this.customerId, ERASURE_REMINDER).catch(() => undefined);
      erasures.inc({ outcome: 'cancelled' });
      return toView(decision.next);
    });
  }

  override async receiveReminder(data: unknown): Promise<void> {
    const { kind, attempt = 0 } = (data ?? {}) as { kind?: string; attempt?: number };
    if (kind === 'erase') await this.runErasure(attempt);
  }

  /** Sessions end first (synchronously, or the erasure waits), then the personal data goes with its
   * customer.deleted in one outbox transaction, then the claims on email and phone are freed. Any
   * failure leaves the customer as it was and the reminder tries again later; turns keep a cancel
   * from interleaving. */
  private async runErasure(attempt: number): Promise<void> {
    const { dapr, auth, claims, logger } = actorDeps();
    try {
      const loaded = await this.load();
      if (!loaded) return;
      const now = new Date();
      const decision = erase(loaded.aggregate, now);
      if (decision.kind !== 'erase') {
        const plan = loaded.aggregate.erasure;
        // Fired early (clock skew): wait for the planned time.
        if (decision.kind === 'not_due' && loaded.aggregate.customer.status === 'pending_deletion' && plan) {
          await dapr.registerReminder(CUSTOMER_ACTOR, this.customerId, ERASURE_REMINDER, { dueTime: daprDuration(Date.parse(plan.scheduledFor) - now.getTime() + 1000), data: { kind: 'erase', attempt } });
        }
        return;
      }
      if (!(await auth.revokeCustomerSessions(this.customerId, 'subject_erased'))) throw new Error('auth did not confirm the revocation');
      const { customer, profile } = loaded.aggregate;
      await this.save(loaded, decision.next, { type: CUSTOMER_EVENTS.deleted, data: decision.event }, { kind: 'system', id: 'erasure' });
      await claims.releaseAll(indexValues(customer.email, profile.phone), this.customerId);
      erasures.inc({ outcome: 'done' });
      logger.info('customer erased', { customerId: this.customerId, attempt });
    } catch (error) {
      erasures.inc({ outcome: 'retried' });
      const delay = erasureRetryMs(actorDeps().erasureRetryMs, attempt);
      logger.warn('erasure step failed; the reminder retries', { customerId: this.customerId, attempt, retryInMs: delay, error: String(error) });
      await dapr.registerReminder(CUSTOMER_ACTOR, this.customerId, ERASURE_REMINDER, { dueTime: daprDuration(delay), data: { kind: 'erase', attempt: attempt + 1 } }).catch(() => undefined);
    }
  }

  async assignGroup({ groupId, performedBy }: { groupId: string; performedBy: PerformedBy }): Promise<Result<Membership>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      return this.saveMembership(loaded, assignGroup(loaded.aggregate, groupId, actorDeps().maxGroups, performedBy, new Date()), CUSTOMER_EVENTS.groupAssigned);
    });
  }

  async unassignGroup({ groupId, performedBy }: { groupId: string; performedBy: PerformedBy }): Promise<Result<Membership>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      return this.saveMembership(loaded, unassignGroup(loaded.aggregate, groupId, performedBy, new Date()), CUSTOMER_EVENTS.groupUnassigned);
    });
  }

  private async saveMembership(loaded: Loaded, decision: MembershipDecision, type: string): Promise<Membership> {
    switch (decision.kind) {
      case 'limit_reached':
        throw new AppError('conflict', ERROR_CODES.groupLimitReached, `A customer can be in at most ${decision.limit} groups.`, { extensions: { limit: decision.limit } });
      case 'unchanged':
        return { customerId: this.customerId, groupIds: decision.groupIds, changed: false };
      case 'changed':
        await this.save(loaded, decision.next, { type, data: decision.event }, decision.event.performedBy!);
        return { customerId: this.customerId, groupIds: decision.event.groupIds, changed: true };
    }
  }

  private async saveAddressChange<T extends { performedBy?: PerformedBy }>(loaded: Loaded, decision: AddressDecision<T>, type: string): Promise<Address | undefined> {
    switch (decision.kind) {
      case 'not_found':
        throw addressNotFound();
      case 'limit_reached':
        throw new AppError('conflict', ERROR_CODES.addressLimitReached, `A customer can keep at most ${decision.limit} addresses; delete one first.`, { extensions: { limit: decision.limit } });
      case 'unchanged':
        return decision.address;
      case 'ok':
        await this.save(loaded, decision.next, { type, data: decision.event }, decision.event.performedBy!);
        return decision.address;
    }
  }
}
