import { randomUUID } from 'node:crypto';
import { AbstractActor } from '@dapr/dapr';
import { AppError, asResult, checkResetSecret, retryAfterMs as retryAfter, invalidResetToken, daprDuration, isAppError, readActorState, type OutboxEvent, type OutboxWriter, type Result } from '@idp/common';
import { CUSTOMER_EVENTS, ERROR_CODES, type Address, type PerformedBy, type VerificationChannel } from '@idp/proto';
import { assignGroup, unassignGroup, type MembershipDecision } from '../domain/groups.js';
import { cancelErasure, deferredErasureDelayMs, erase, scheduleErasure } from '../domain/erasure.js';
import { indexValues } from '../claims.js';
import { defaultSegmentAssignments, erasureDuration, erasures, expiredVerificationCodes, reconcileDuration, statsUpdates } from '../metrics.js';
import { applyCompletedOrder, applySnapshot, EMPTY_STATS, firstReconcileDelayMs, statsEvent, statsView, type CompletedOrder, type ReconcileAttempt, type StatsView } from '../domain/order-stats.js';
import { joinSegments, leaveSegments, membershipOf, type SegmentChange, type SegmentDecision } from '../domain/segments.js';
import { addAddress, removeAddress, updateAddress, type AddressDecision, type AddressInput } from '../domain/addresses.js';
import { customerCreatedEvent, customerKey, newCustomerAggregate, registrationSegmentsKey, toView, type CustomerAggregate, type CustomerView, type NewCustomer } from '../domain/customer.js';
import { softDeleted, withStatus } from '../domain/lifecycle.js';
import { withPassword, withPasswordReset, withRehashedPassword } from '../domain/password.js';
import { changedPreferences, preferencesView, withPreferences, type PreferencesInput } from '../domain/preferences.js';
import { effectiveChanges, withProfileChanges, type ProfileChanges } from '../domain/profile-update.js';
import { canSoftDelete, decideTransition, type StatusAction } from '../domain/status.js';
import { decideConfirm, decideRequest, newCode, withoutExpiredCodes, withVerificationRequest, withVerified } from '../domain/verification.js';
import { checkBudget, recordUse, type BudgetKind, type VerificationBudgetPolicy, type VerificationUsage } from '../domain/verification-budget.js';
import { STORES } from '../stores.js';
import { actorDeps } from './deps.js';
import { CUSTOMER_ACTOR, type CustomerActorApi, type DeleteOutcome, type Membership, type PreferencesView, type SegmentChangeRequest, type SegmentOutcome, type StatusOutcome, type UpdateOutcome, type VerificationIssued } from './CustomerActor.interface.js';

/** Failed confirmation attempts per code id: actor state, since a failed attempt needs no event. */
const ATTEMPTS = 'verificationAttempts';
/** Codes sent and wrong codes per channel over the budget window (domain/verification-budget.ts). */
const USAGE = 'verificationUsage';
type Attempts = Record<string, number>;

interface Loaded {
  aggregate: CustomerAggregate;
  etag: string | undefined;
}

const ERASURE_REMINDER = 'erasure';
/** Periodic reconcile of the order statistics, and a one-off one asked for by staff. */
const RECONCILE_REMINDER = 'stats-reconcile';
const RECONCILE_NOW_REMINDER = 'stats-reconcile-now';
function budgetExhausted(channel: VerificationChannel, retryAfterMs: number): AppError {
  return new AppError('rate_limited', ERROR_CODES.verificationBudgetExhausted, `Too many ${channel} verification codes or attempts for this account lately; try again later.`, retryAfter(retryAfterMs));
}

/** Removes verification codes once they expire. */
const VERIFICATION_EXPIRY_REMINDER = 'verification-expiry';
/** When the order service last answered, and what the last attempt found: bookkeeping, no event. */
const RECONCILE_STATE = 'statsReconcile';
interface ReconcileState {
  lastReconciledAt: string | null;
  lastAttempt: ReconcileAttempt | null;
}
/** Retries of a failed erasure step: the configured wait (30 s), doubling, at most an hour apart. */
const erasureRetryMs = (base: number, attempt: number): number => Math.min(3_600_000, base * 2 ** Math.min(attempt, 7));
/** Every erasure reminder also repeats at the longest retry interval until the erasure is done: the
 * scheduler gives up on a one-off reminder it could not deliver (an app marked unhealthy under a
 * burst of due reminders), and an erasure must not be lost with it. */
const erasureReminder = (base: number, dueMs: number, attempt: number) => ({ dueTime: daprDuration(dueMs), period: daprDuration(erasureRetryMs(base, 7)), data: { kind: 'erase', attempt } });

const addressNotFound = () => new AppError('not_found', ERROR_CODES.addressNotFound, 'No address with this id.');

const notFound = () => new AppError('not_found', ERROR_CODES.customerNotFound, 'No customer with this id.');

export class CustomerActor extends AbstractActor implements CustomerActorApi {
  private get customerId(): string {
    return this.getActorId().getId();
  }

  private async load(): Promise<Loaded | undefined> {
    const { dapr, active } = actorDeps();
    const item = await dapr.getState<CustomerAggregate>(STORES.aggregates, customerKey(this.customerId));
    if (item) active.hold(this.customerId, item.value);
    else active.release(this.customerId);
    return item ? { aggregate: item.value, etag: item.etag } : undefined;
  }

  /** Writes the document with its event(s); what this process's readers see follows the outcome. */
  private async commit(...write: Parameters<OutboxWriter['write']>): Promise<void> {
    await this.written(write[0].value as CustomerAggregate, () => actorDeps().outbox.write(...write));
  }

  /** Runs a write of `next`; this process's readers see `next` after it, or the store if it failed. */
  private async written(next: CustomerAggregate, write: () => Promise<void>): Promise<void> {
    const { active } = actorDeps();
    try {
      await write();
      active.hold(this.customerId, next);
    } catch (error) {
      // It may have committed all the same (a timeout): readers go to the store until the next load.
      active.release(this.customerId);
      throw error;
    }
  }

  override async onDeactivate(): Promise<void> {
    actorDeps().active.release(this.customerId);
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
    await this.commit({ key: customerKey(this.customerId), value: next, ...(loaded?.etag ? { etag: loaded.etag } : {}) }, { type: event.type, data });
  }

  async create(input: Omit<NewCustomer, 'id'>): Promise<Result<CustomerView>> {
    return asResult(async () => {
      const existing = await this.load();
      if (existing) {
        // Ids are random, or derived from an Idempotency-Key with the email and password: an existing
        // document with this id and email is this very request retried. Answer with what it wrote.
        const { customer } = existing.aggregate;
        if (customer.email === input.email && customer.status !== 'deleted') {
          // The first attempt may have stopped before the default segments: finish its work.
          if (membershipOf(existing.aggregate).pending) await this.assignDefaultSegments(existing);
          return toView(existing.aggregate);
        }
        throw new AppError('conflict', ERROR_CODES.concurrentModification, 'A customer with this id already exists.');
      }
      const now = new Date();
      const { defaultSegments } = actorDeps();
      const created = newCustomerAggregate({ ...input, id: this.customerId }, now, defaultSegments);
      // Registration is open: the new customer is who registered. The default segments are assigned
      // in the same transaction, their event on a companion key: one write, both events or neither.
      const createdEvent = { ...customerCreatedEvent(created, now), performedBy: { kind: 'customer' as const, id: this.customerId } };
      const assignment = defaultSegments.length ? joinSegments(created, this.registrationSegments(), now) : undefined;
      const stored = assignment?.kind === 'changed' ? assignment.next : created;
      await this.commit(
        { key: customerKey(this.customerId), value: stored },
        { type: CUSTOMER_EVENTS.created, data: createdEvent },
        assignment?.kind === 'changed' ? [{ key: registrationSegmentsKey(this.customerId), type: CUSTOMER_EVENTS.segmentAssigned, data: assignment.event }] : [],
      );
      if (assignment?.kind === 'changed') defaultSegmentAssignments.inc({ outcome: 'assigned' });
      await this.scheduleReconcile();
      return toView(stored);
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

  /** A new token replaces any earlier one: only the latest works. */
  async issuePasswordReset({ tokenHash, performedBy }: { tokenHash: string; performedBy: PerformedBy }): Promise<Result<{ expiresAt: string }>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      const { next, event } = withPasswordReset(loaded.aggregate, tokenHash, actorDeps().passwordResetTtlMs, performedBy.id, new Date());
      await this.save(loaded, next, { type: CUSTOMER_EVENTS.passwordResetIssued, data: event }, performedBy);
      return { expiresAt: event.expiresAt };
    });
  }

  /** Whether the reset secret would be accepted now: checked before the new password is hashed, so a
   * wrong token costs no hash. Changes nothing. */
  async checkPasswordReset({ secret }: { secret: string }): Promise<{ valid: boolean }> {
    const loaded = await this.load();
    return { valid: !!loaded && loaded.aggregate.customer.status !== 'deleted' && checkResetSecret(loaded.aggregate.passwordReset, secret, new Date()) === 'valid' };
  }

  /** Redeems the reset token (once): the new password, and the customer's email for the caller. */
  async resetPassword({ secret, passwordHash }: { secret: string; passwordHash: string }): Promise<Result<{ email: string }>> {
    return asResult(async () => {
      const loaded = await this.load();
      // Unknown, erased and wrong are one answer: the route reveals nothing about which accounts exist.
      if (!loaded || loaded.aggregate.customer.status === 'deleted' || checkResetSecret(loaded.aggregate.passwordReset, secret, new Date()) !== 'valid') throw invalidResetToken('support');
      const { next, event } = withPassword(loaded.aggregate, passwordHash, null, new Date());
      await this.save(loaded, next, { type: CUSTOMER_EVENTS.passwordChanged, data: event }, { kind: 'system', id: 'password-reset' });
      return { email: loaded.aggregate.customer.email };
    });
  }

  async rehashPassword({ passwordHash, expectedHash }: { passwordHash: string; expectedHash: string }): Promise<Result<{ rehashed: boolean }>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      // Changed meanwhile (a password change): the new hash is already at today's cost.
      if (loaded.aggregate.credentials.passwordHash !== expectedHash) return { rehashed: false };
      const next = withRehashedPassword(loaded.aggregate, passwordHash);
      // No event (nothing a subscriber sees changes), so a plain write: the outbox needs one.
      const item = { key: customerKey(this.customerId), value: next, ...(loaded.etag ? { etag: loaded.etag, options: { concurrency: 'first-write' as const } } : {}) };
      await this.written(next, () => actorDeps().dapr.saveState(STORES.aggregates, [item]));
      return { rehashed: true };
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
          throw new AppError('rate_limited', ERROR_CODES.verificationCooldown, 'A code was sent moments ago; wait before asking for another.', retryAfter(decision.retryAfterMs));
        }
        case 'issue':
          break;
      }
      // The send is counted before the code goes out: a send that then fails costs a slot, never the reverse.
      await this.spendVerificationBudget(channel, 'sends', policy.budget, now.getTime());
      const { next, event, code, pending } = withVerificationRequest(loaded.aggregate, channel, decision.destination, newCode(), policy, now);
      // The code to the notification service first, then the pending code's hash with the broadcast
      // event (which never carries the code): see clients/verification-codes.ts.
      await actorDeps().codes.send(code);
      await this.save(loaded, next, { type: CUSTOMER_EVENTS.verificationRequested, data: event }, performedBy);
      // One reminder per customer, for whichever pending code expires first.
      await this.scheduleVerificationExpiry(Object.values(next.verification ?? {}).map((p) => p.expiresAt).sort()[0] ?? pending.expiresAt);
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
      const usage = (await readActorState<VerificationUsage>(this.getStateManager<VerificationUsage>(), USAGE)) ?? {};
      const budget = checkBudget(usage, channel, 'wrongCodes', Date.now(), policy.budget);
      if (!budget.allowed) throw budgetExhausted(channel, budget.retryAfterMs);
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
          await this.getStateManager<VerificationUsage>().setState(USAGE, recordUse(usage, channel, 'wrongCodes', Date.now(), policy.budget));
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

  /** Takes one use of the channel's budget, or refuses with 429 when the window holds no more. */
  private async spendVerificationBudget(channel: VerificationChannel, kind: BudgetKind, policy: VerificationBudgetPolicy, now: number): Promise<void> {
    const state = this.getStateManager<VerificationUsage>();
    const usage = (await readActorState<VerificationUsage>(state, USAGE)) ?? {};
    const check = checkBudget(usage, channel, kind, now, policy);
    if (!check.allowed) throw budgetExhausted(channel, check.retryAfterMs);
    await state.setState(USAGE, recordUse(usage, channel, kind, now, policy));
    await state.saveState();
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
      const { erasureGraceMs, erasureRetryMs: retryMs, dapr } = actorDeps();
      const decision = scheduleErasure(loaded.aggregate, erasureGraceMs, new Date());
      if (decision.kind === 'deleted') throw notFound();
      if (decision.kind === 'already_scheduled') return { scheduledFor: decision.scheduledFor };
      await dapr.registerReminder(CUSTOMER_ACTOR, this.customerId, ERASURE_REMINDER, erasureReminder(retryMs, erasureGraceMs, 0));
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
    const { kind, attempt = 0, deferrals = 0 } = (data ?? {}) as { kind?: string; attempt?: number; deferrals?: number };
    // A throwing reminder handler would crash the process (the SDK does not catch): each catches.
    if (kind === 'erase') await this.runErasure(attempt, deferrals);
    if (kind === 'reconcile') await this.reconcile().catch((error) => actorDeps().logger.warn('stats reconcile failed', { customerId: this.customerId, error: String(error) }));
    if (kind === 'verification-expiry') await this.expireVerificationCodes().catch((error) => actorDeps().logger.warn('verification clean-up failed', { customerId: this.customerId, error: String(error) }));
  }

  /** Sessions end first (synchronously, or the erasure waits), then the personal data goes with its
   * customer.deleted in one outbox transaction, then the claims on email and phone are freed. Any
   * failure leaves the customer as it was and the reminder tries again later; turns keep a cancel
   * from interleaving. */
  private async runErasure(attempt: number, deferrals: number): Promise<void> {
    // A burst of due reminders (thousands at once) runs a few at a time. Those that find the queue
    // full answer at once and come back later: a delivery that waited here would hold one of daprd's
    // connections to this app, and with all of them held the calls these very erasures make to the
    // app's index actors (and event deliveries, and probes) queue behind them — a deadlock.
    try {
      await actorDeps().erasureBulkhead.run(() => this.eraseNow(attempt));
    } catch (error) {
      if (!isAppError(error) || error.code !== ERROR_CODES.serverBusy) throw error;
      const { dapr, erasureRetryMs: retryMs, logger } = actorDeps();
      erasures.inc({ outcome: 'deferred' });
      const delay = deferredErasureDelayMs(deferrals, Math.random());
      // Not awaited: the turn (and daprd's connection) ends now; a lost re-registration leaves the
      // reminder's own repeat to bring the erasure back.
      void dapr
        .registerReminder(CUSTOMER_ACTOR, this.customerId, ERASURE_REMINDER, { ...erasureReminder(retryMs, delay, attempt), data: { kind: 'erase', attempt, deferrals: deferrals + 1 } })
        .catch((failure: unknown) => logger.warn('deferred erasure not re-registered; its repeat brings it back', { customerId: this.customerId, error: String(failure) }));
    }
  }

  private async eraseNow(attempt: number): Promise<void> {
    const { dapr, auth, claims, logger, erasureRetryMs: retryMs } = actorDeps();
    const started = process.hrtime.bigint();
    const took = () => Number(process.hrtime.bigint() - started) / 1e9;
    const finished = () => dapr.unregisterReminder(CUSTOMER_ACTOR, this.customerId, ERASURE_REMINDER).catch(() => undefined);
    try {
      const loaded = await this.load();
      if (!loaded) return finished();
      const now = new Date();
      const decision = erase(loaded.aggregate, now);
      if (decision.kind !== 'erase') {
        const plan = loaded.aggregate.erasure;
        // Fired early (clock skew): wait for the planned time.
        if (decision.kind === 'not_due' && loaded.aggregate.customer.status === 'pending_deletion' && plan) {
          await dapr.registerReminder(CUSTOMER_ACTOR, this.customerId, ERASURE_REMINDER, erasureReminder(retryMs, Date.parse(plan.scheduledFor) - now.getTime() + 1000, attempt));
          return;
        }
        // Erased already, or cancelled: nothing left to do.
        return finished();
      }
      if (!(await auth.revokeCustomerSessions(this.customerId, 'subject_erased'))) throw new Error('auth did not confirm the revocation');
      const { customer, profile } = loaded.aggregate;
      await this.save(loaded, decision.next, { type: CUSTOMER_EVENTS.deleted, data: decision.event }, { kind: 'system', id: 'erasure' });
      await claims.releaseAll(indexValues(customer.email, profile.phone), this.customerId);
      erasures.inc({ outcome: 'done' });
      erasureDuration.observe({ outcome: 'done' }, took());
      await finished();
      await dapr.unregisterReminder(CUSTOMER_ACTOR, this.customerId, RECONCILE_REMINDER).catch(() => undefined);
      logger.info('customer erased', { customerId: this.customerId, attempt });
    } catch (error) {
      erasures.inc({ outcome: 'retried' });
      erasureDuration.observe({ outcome: 'retried' }, took());
      const delay = erasureRetryMs(retryMs, attempt);
      logger.warn('erasure step failed; the reminder retries', { customerId: this.customerId, attempt, retryInMs: delay, error: String(error) });
      await dapr.registerReminder(CUSTOMER_ACTOR, this.customerId, ERASURE_REMINDER, erasureReminder(retryMs, delay, attempt + 1)).catch(() => undefined);
    }
  }

  /** A second write after the creation: if it fails, the customer stays marked pending and the next
   * evaluation of the default segments assigns them (both match every new customer). */
  private registrationSegments(): SegmentChange {
    const { defaultSegments } = actorDeps();
    return { segmentIds: [...defaultSegments], reason: 'registration', runId: null, performedBy: { kind: 'system', id: 'registration' }, defaults: defaultSegments };
  }

  private async assignDefaultSegments(loaded: Loaded): Promise<void> {
    const { defaultSegments, logger } = actorDeps();
    if (!defaultSegments.length) return;
    try {
      await this.saveSegmentDecision(loaded, joinSegments(loaded.aggregate, this.registrationSegments(), new Date()), CUSTOMER_EVENTS.segmentAssigned);
      defaultSegmentAssignments.inc({ outcome: 'assigned' });
    } catch (error) {
      defaultSegmentAssignments.inc({ outcome: 'pending' });
      logger.warn('default segments not assigned; the customer stays pending until the next evaluation', { customerId: this.customerId, error: String(error) });
    }
  }

  async joinSegments(request: SegmentChangeRequest): Promise<Result<SegmentOutcome>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      const change: SegmentChange = { ...request, defaults: actorDeps().defaultSegments };
      return this.saveSegmentDecision(loaded, joinSegments(loaded.aggregate, change, new Date()), CUSTOMER_EVENTS.segmentAssigned);
    });
  }

  /** Leaving works for a deleted customer too: a deleted segment must be able to release everyone. */
  async leaveSegments(request: SegmentChangeRequest): Promise<Result<SegmentOutcome>> {
    return asResult(async () => {
      const loaded = await this.load();
      if (!loaded) throw notFound();
      const change: SegmentChange = { ...request, defaults: actorDeps().defaultSegments };
      return this.saveSegmentDecision(loaded, leaveSegments(loaded.aggregate, change, new Date()), CUSTOMER_EVENTS.segmentRemoved);
    });
  }

  private async saveSegmentDecision(loaded: Loaded, decision: SegmentDecision, type: string): Promise<SegmentOutcome> {
    if (decision.kind === 'unchanged') return { customerId: this.customerId, segmentIds: decision.membership.ids, pending: decision.membership.pending, changed: false };
    await this.save(loaded, decision.next, { type, data: decision.event }, decision.event.performedBy!);
    const membership = membershipOf(decision.next);
    return { customerId: this.customerId, segmentIds: membership.ids, pending: membership.pending, changed: true };
  }

  /** Counts a completed order once, whatever the delivery order or the number of redeliveries. */
  async applyOrder(order: CompletedOrder): Promise<Result<{ outcome: string }>> {
    return asResult(async () => {
      const loaded = await this.load();
      if (!loaded || loaded.aggregate.customer.status === 'deleted') {
        statsUpdates.inc({ source: 'event', outcome: 'no_customer' });
        return { outcome: 'no_customer' };
      }
      const now = new Date();
      const decision = applyCompletedOrder(loaded.aggregate.stats ?? EMPTY_STATS, order, now);
      if (decision.kind !== 'counted') {
        statsUpdates.inc({ source: 'event', outcome: decision.kind });
        return { outcome: decision.kind };
      }
      const next = { ...loaded.aggregate, version: loaded.aggregate.version + 1, stats: decision.next };
      await this.save(loaded, next, { type: CUSTOMER_EVENTS.statsUpdated, data: statsEvent(this.customerId, decision.next, 'event', order.orderId, now) }, { kind: 'service', id: 'order' });
      // Customers registered before statistics existed get their periodic reconcile with their first order.
      if (!loaded.aggregate.stats) await this.scheduleReconcile();
      statsUpdates.inc({ source: 'event', outcome: 'counted' });
      return { outcome: 'counted' };
    });
  }

  async getStats(): Promise<Result<StatsView>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      const bookkeeping = (await readActorState<ReconcileState>(this.getStateManager<ReconcileState>(), RECONCILE_STATE)) ?? { lastReconciledAt: null, lastAttempt: null };
      const { aggregate } = loaded;
      return statsView(this.customerId, aggregate.stats ?? EMPTY_STATS, bookkeeping.lastReconciledAt, bookkeeping.lastAttempt, aggregate.customer.createdAt, actorDeps().statsReconcileMs, new Date());
    });
  }

  /** Staff ask for a reconcile now: it runs on a one-off reminder, as the periodic one does. */
  async requestReconcile(): Promise<Result<{ requested: true }>> {
    return asResult(async () => {
      await this.loadLive();
      await actorDeps().dapr.registerReminder(CUSTOMER_ACTOR, this.customerId, RECONCILE_NOW_REMINDER, { dueTime: '0s', data: { kind: 'reconcile' } });
      return { requested: true as const };
    });
  }

  private async scheduleReconcile(): Promise<void> {
    const { dapr, statsReconcileMs, logger } = actorDeps();
    const dueTime = daprDuration(firstReconcileDelayMs(statsReconcileMs, Math.random()));
    await dapr
      .registerReminder(CUSTOMER_ACTOR, this.customerId, RECONCILE_REMINDER, { dueTime, period: daprDuration(statsReconcileMs), data: { kind: 'reconcile' } })
      // Not fatal: the first order event schedules it again.
      .catch((error) => logger.warn('stats reconcile reminder not registered', { customerId: this.customerId, error: String(error) }));
  }

  /** The order service's snapshot replaces the figures unless the events already told something newer.
   * When it cannot be reached (the sidecar's breaker may be open), the figures stay as they are. */
  private async reconcile(): Promise<void> {
    const { orders, logger } = actorDeps();
    const loaded = await this.load();
    if (!loaded || loaded.aggregate.customer.status === 'deleted') return;
    const state = this.getStateManager<ReconcileState>();
    const bookkeeping = (await readActorState<ReconcileState>(state, RECONCILE_STATE)) ?? { lastReconciledAt: null, lastAttempt: null };
    const started = process.hrtime.bigint();
    const now = new Date();
    let attempt: ReconcileAttempt;
    try {
      const snapshot = await orders.customerStats(this.customerId);
      const decision = applySnapshot(loaded.aggregate.stats ?? EMPTY_STATS, snapshot, now);
      if (decision.kind === 'replaced') {
        const next = { ...loaded.aggregate, version: loaded.aggregate.version + 1, stats: decision.next };
        await this.save(loaded, next, { type: CUSTOMER_EVENTS.statsUpdated, data: statsEvent(this.customerId, decision.next, 'reconcile', null, now) }, { kind: 'system', id: 'stats-reconcile' });
      }
      attempt = { at: now.toISOString(), outcome: decision.kind === 'replaced' ? 'replaced' : 'stale_snapshot' };
      bookkeeping.lastReconciledAt = attempt.at;
    } catch (error) {
      attempt = { at: now.toISOString(), outcome: 'unavailable', error: String(error).slice(0, 300) };
      logger.warn('order service unavailable; stats kept as they are', { customerId: this.customerId, error: attempt.error });
    }
    statsUpdates.inc({ source: 'reconcile', outcome: attempt.outcome });
    reconcileDuration.observe({ outcome: attempt.outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    await state.setState(RECONCILE_STATE, { ...bookkeeping, lastAttempt: attempt });
    await state.saveState();
  }

  private async scheduleVerificationExpiry(expiresAt: string): Promise<void> {
    const { dapr, logger } = actorDeps();
    // Shortly after the expiry, so the code is past it when the reminder looks.
    const dueMs = Math.max(0, Date.parse(expiresAt) - Date.now()) + 1000;
    await dapr
      .registerReminder(CUSTOMER_ACTOR, this.customerId, VERIFICATION_EXPIRY_REMINDER, { dueTime: daprDuration(dueMs), data: { kind: 'verification-expiry' } })
      .catch((error) => logger.warn('verification expiry reminder not registered', { customerId: this.customerId, error: String(error) }));
  }

  private async expireVerificationCodes(): Promise<void> {
    const loaded = await this.load();
    if (!loaded) return;
    const decision = withoutExpiredCodes(loaded.aggregate, new Date());
    if (decision.kind === 'expired') {
      await this.save(loaded, decision.next, { type: CUSTOMER_EVENTS.verificationExpired, data: decision.event }, { kind: 'system', id: 'verification-expiry' });
      expiredVerificationCodes.inc(decision.event.channels.length);
      const state = this.getStateManager<Attempts>();
      await state.tryRemoveState(ATTEMPTS);
      await state.saveState();
    }
    // A code issued since (one reminder per customer, replaced by each request) expires later.
    if (decision.nextExpiryAt) await this.scheduleVerificationExpiry(decision.nextExpiryAt);
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
