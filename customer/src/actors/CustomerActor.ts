import { AbstractActor } from '@dapr/dapr';
import { AppError, asResult, type OutboxEvent, type Result } from '@idp/common';
import { CUSTOMER_EVENTS, ERROR_CODES } from '@idp/proto';
import { customerCreatedEvent, customerKey, newCustomerAggregate, toView, type CustomerAggregate, type CustomerView, type NewCustomer } from '../domain/customer.js';
import { softDeleted, withStatus } from '../domain/lifecycle.js';
import { withPassword } from '../domain/password.js';
import { changedPreferences, preferencesView, withPreferences, type PreferencesInput } from '../domain/preferences.js';
import { effectiveChanges, withProfileChanges, type ProfileChanges } from '../domain/profile-update.js';
import { canSoftDelete, decideTransition, type StatusAction } from '../domain/status.js';
import { STORES } from '../stores.js';
import { actorDeps } from './deps.js';
import type { CustomerActorApi, DeleteOutcome, PreferencesView, StatusOutcome, UpdateOutcome } from './CustomerActor.interface.js';

interface Loaded {
  aggregate: CustomerAggregate;
  etag: string | undefined;
}

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

  /** The document and its event in one outbox transaction; the ETag guards against a second writer. */
  private async save(loaded: Loaded | undefined, next: CustomerAggregate, event: OutboxEvent): Promise<void> {
    await actorDeps().outbox.write({ key: customerKey(this.customerId), value: next, ...(loaded?.etag ? { etag: loaded.etag } : {}) }, event);
  }

  async create(input: Omit<NewCustomer, 'id'>): Promise<Result<CustomerView>> {
    return asResult(async () => {
      if (await this.load()) throw new AppError('conflict', ERROR_CODES.concurrentModification, 'A customer with this id already exists.');
      const now = new Date();
      const aggregate = newCustomerAggregate({ ...input, id: this.customerId }, now);
      await this.save(undefined, aggregate, { type: CUSTOMER_EVENTS.created, data: customerCreatedEvent(aggregate, now) });
      return toView(aggregate);
    });
  }

  async updateProfile({ changes: requested }: { changes: ProfileChanges }): Promise<Result<UpdateOutcome>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      const { aggregate } = loaded;
      const previous = { email: aggregate.customer.email, phone: aggregate.profile.phone };
      const changes = effectiveChanges(aggregate, requested);
      if (!Object.keys(changes).length) return { view: toView(aggregate), changes, previous };
      const { next, event } = withProfileChanges(aggregate, changes, new Date());
      await this.save(loaded, next, { type: CUSTOMER_EVENTS.updated, data: event });
      return { view: toView(next), changes, previous };
    });
  }

  async changeStatus({ action }: { action: StatusAction }): Promise<Result<StatusOutcome>> {
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
      await this.save(loaded, next, { type: CUSTOMER_EVENTS.statusChanged, data: event });
      return { view: toView(next), changed: true, status: decision.to };
    });
  }

  async softDelete(): Promise<Result<DeleteOutcome>> {
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
      await this.save(loaded, next, { type: CUSTOMER_EVENTS.deleted, data: event });
      return { deleted: true, email: customer.email, phone: profile.phone };
    });
  }

  async updatePreferences({ preferences }: { preferences: PreferencesInput }): Promise<Result<PreferencesView>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      if (!changedPreferences(loaded.aggregate.preferences, preferences).length) return preferencesView(loaded.aggregate.preferences);
      const { next, event } = withPreferences(loaded.aggregate, preferences, new Date());
      await this.save(loaded, next, { type: CUSTOMER_EVENTS.preferencesUpdated, data: event });
      return preferencesView(next.preferences);
    });
  }

  /** Replaces the hash only if it is still the one the caller verified the current password against. */
  async changePassword({ passwordHash, expectedHash, keepSessionId }: { passwordHash: string; expectedHash: string; keepSessionId: string | null }): Promise<Result<void>> {
    return asResult(async () => {
      const loaded = await this.loadLive();
      if (loaded.aggregate.credentials.passwordHash !== expectedHash) {
        throw new AppError('conflict', ERROR_CODES.concurrentModification, 'The password changed meanwhile. Sign in again and retry.');
      }
      const { next, event } = withPassword(loaded.aggregate, passwordHash, keepSessionId, new Date());
      await this.save(loaded, next, { type: CUSTOMER_EVENTS.passwordChanged, data: event });
    });
  }
}
