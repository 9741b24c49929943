// Typed proxies for this app's actors, over the sidecar's actor API.
import { INDEX_CLAIM_STATE_KEY, indexActorId, type ClaimResult, type DaprClient, type IndexClaim, type IndexClient, type Result } from '@idp/common';
import type { CustomerView, NewCustomer } from '../domain/customer.js';
import type { ProfileChanges } from '../domain/profile-update.js';
import type { StatusAction } from '../domain/status.js';
import type { PreferencesInput } from '../domain/preferences.js';
import type { Address, PerformedBy, VerificationChannel } from '@idp/proto';
import type { AddressInput } from '../domain/addresses.js';
import type { CompletedOrder, StatsView } from '../domain/order-stats.js';
import { CUSTOMER_ACTOR, type DeleteOutcome, type Membership, type SegmentChangeRequest, type SegmentOutcome, type PreferencesView, type StatusOutcome, type UpdateOutcome, type VerificationIssued } from '../actors/CustomerActor.interface.js';
import { INDEX_ACTORS, type IndexKind } from '../actors/UniqueIndexActor.interface.js';

export class CustomerActors implements IndexClient<IndexKind> {
  constructor(private readonly dapr: DaprClient) {}

  private index<T>(kind: IndexKind, value: string, method: string, body?: unknown): Promise<T> {
    return this.dapr.invokeActor<T>(INDEX_ACTORS[kind], indexActorId(value), method, body);
  }

  claim(kind: IndexKind, value: string, ownerId: string): Promise<ClaimResult> {
    return this.index(kind, value, 'claim', { ownerId });
  }

  confirm(kind: IndexKind, value: string, ownerId: string): Promise<void> {
    return this.index(kind, value, 'confirm', { ownerId });
  }

  release(kind: IndexKind, value: string, ownerId: string): Promise<void> {
    return this.index(kind, value, 'release', { ownerId });
  }

  async owner(kind: IndexKind, value: string): Promise<string | null> {
    return (await this.index<{ ownerId: string | null }>(kind, value, 'lookup')).ownerId;
  }

  /** Who claims the value, read from the index actor's state without a turn and without checking the
   * owner's document: for a caller that reads that document anyway and checks it holds the value. */
  async claimant(kind: IndexKind, value: string): Promise<string | null> {
    return (await this.dapr.getActorState<IndexClaim>(INDEX_ACTORS[kind], indexActorId(value), INDEX_CLAIM_STATE_KEY))?.ownerId ?? null;
  }

  createCustomer(id: string, input: Omit<NewCustomer, 'id'>): Promise<Result<CustomerView>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'create', input);
  }

  updateProfile(id: string, changes: ProfileChanges, performedBy: PerformedBy): Promise<Result<UpdateOutcome>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'updateProfile', { changes, performedBy });
  }

  changeStatus(id: string, action: StatusAction, performedBy: PerformedBy): Promise<Result<StatusOutcome>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'changeStatus', { action, performedBy });
  }

  softDelete(id: string, performedBy: PerformedBy): Promise<Result<DeleteOutcome>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'softDelete', { performedBy });
  }

  updatePreferences(id: string, preferences: PreferencesInput, performedBy: PerformedBy): Promise<Result<PreferencesView>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'updatePreferences', { preferences, performedBy });
  }

  changePassword(id: string, change: { passwordHash: string; expectedHash: string; keepSessionId: string | null; performedBy: PerformedBy }): Promise<Result<void>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'changePassword', change);
  }

  rehashPassword(id: string, change: { passwordHash: string; expectedHash: string }): Promise<Result<{ rehashed: boolean }>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'rehashPassword', change);
  }

  issuePasswordReset(id: string, input: { tokenHash: string; performedBy: PerformedBy }): Promise<Result<{ expiresAt: string }>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'issuePasswordReset', input);
  }

  checkPasswordReset(id: string, secret: string): Promise<{ valid: boolean }> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'checkPasswordReset', { secret });
  }

  resetPassword(id: string, input: { secret: string; passwordHash: string }): Promise<Result<{ email: string }>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'resetPassword', input);
  }

  requestVerification(id: string, channel: VerificationChannel, performedBy: PerformedBy): Promise<Result<VerificationIssued>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'requestVerification', { channel, performedBy });
  }

  confirmVerification(id: string, channel: VerificationChannel, code: string, performedBy: PerformedBy): Promise<Result<CustomerView>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'confirmVerification', { channel, code, performedBy });
  }

  addAddress(id: string, address: AddressInput, performedBy: PerformedBy): Promise<Result<Address>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'addAddress', { address, performedBy });
  }

  updateAddress(id: string, addressId: string, patch: AddressInput, performedBy: PerformedBy): Promise<Result<Address>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'updateAddress', { addressId, patch, performedBy });
  }

  removeAddress(id: string, addressId: string, performedBy: PerformedBy): Promise<Result<void>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'removeAddress', { addressId, performedBy });
  }

  scheduleErasure(id: string, performedBy: PerformedBy): Promise<Result<{ scheduledFor: string }>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'scheduleErasure', { performedBy });
  }

  cancelErasure(id: string, performedBy: PerformedBy): Promise<Result<CustomerView>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'cancelErasure', { performedBy });
  }

  assignGroup(id: string, groupId: string, performedBy: PerformedBy): Promise<Result<Membership>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'assignGroup', { groupId, performedBy });
  }

  unassignGroup(id: string, groupId: string, performedBy: PerformedBy): Promise<Result<Membership>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'unassignGroup', { groupId, performedBy });
  }

  joinSegments(id: string, request: SegmentChangeRequest): Promise<Result<SegmentOutcome>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'joinSegments', request);
  }

  leaveSegments(id: string, request: SegmentChangeRequest): Promise<Result<SegmentOutcome>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'leaveSegments', request);
  }

  applyOrder(order: CompletedOrder & { customerId: string }): Promise<Result<{ outcome: string }>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, order.customerId, 'applyOrder', order);
  }

  stats(id: string): Promise<Result<StatsView>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'getStats');
  }

  requestReconcile(id: string): Promise<Result<{ requested: true }>> {
    return this.dapr.invokeActor(CUSTOMER_ACTOR, id, 'requestReconcile');
  }
}
