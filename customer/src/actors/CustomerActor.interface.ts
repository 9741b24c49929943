import type { Result } from '@idp/common';
import type { Address, CustomerStatus, PerformedBy, SegmentChangeReason, VerificationChannel } from '@idp/proto';
import type { CompletedOrder, StatsView } from '../domain/order-stats.js';
import type { AddressInput } from '../domain/addresses.js';
import type { CustomerView, NewCustomer } from '../domain/customer.js';
import type { PreferencesInput } from '../domain/preferences.js';
import type { ProfileChanges } from '../domain/profile-update.js';
import type { StatusAction } from '../domain/status.js';

export const CUSTOMER_ACTOR = 'CustomerActor';

export interface UpdateOutcome {
  view: CustomerView;
  /** The fields that actually changed (empty: nothing written, no event). */
  changes: ProfileChanges;
  /** Values before the change, so the caller can release the old index claims. */
  previous: { email: string; phone: string | null };
}

export interface StatusOutcome {
  view: CustomerView;
  changed: boolean;
  status: CustomerStatus;
}

export interface DeleteOutcome {
  deleted: boolean;
  email: string;
  phone: string | null;
}

export interface VerificationIssued {
  channel: VerificationChannel;
  expiresAt: string;
  resendAvailableAt: string;
}

export interface Membership {
  customerId: string;
  groupIds: string[];
  changed: boolean;
}

export interface SegmentChangeRequest {
  segmentIds: string[];
  reason: SegmentChangeReason;
  runId: string | null;
  performedBy: PerformedBy;
}

export interface SegmentOutcome {
  customerId: string;
  segmentIds: string[];
  pending: boolean;
  changed: boolean;
}

export type PreferencesView = PreferencesInput & { updatedAt: string };

/** One actor per customer id: the only writer of that customer's aggregate. */
export interface CustomerActorApi {
  create(input: Omit<NewCustomer, 'id'>): Promise<Result<CustomerView>>;
  updateProfile(input: { changes: ProfileChanges; performedBy: PerformedBy }): Promise<Result<UpdateOutcome>>;
  changeStatus(input: { action: StatusAction; performedBy: PerformedBy }): Promise<Result<StatusOutcome>>;
  softDelete(input: { performedBy: PerformedBy }): Promise<Result<DeleteOutcome>>;
  updatePreferences(input: { preferences: PreferencesInput; performedBy: PerformedBy }): Promise<Result<PreferencesView>>;
  changePassword(input: { passwordHash: string; expectedHash: string; keepSessionId: string | null; performedBy: PerformedBy }): Promise<Result<void>>;
  /** Stores the same password hashed at today's cost, if the hash is still `expectedHash`. */
  rehashPassword(input: { passwordHash: string; expectedHash: string }): Promise<Result<{ rehashed: boolean }>>;
  issuePasswordReset(input: { tokenHash: string; performedBy: PerformedBy }): Promise<Result<{ expiresAt: string }>>;
  checkPasswordReset(input: { secret: string }): Promise<{ valid: boolean }>;
  resetPassword(input: { secret: string; passwordHash: string }): Promise<Result<{ email: string }>>;
  requestVerification(input: { channel: VerificationChannel; performedBy: PerformedBy }): Promise<Result<VerificationIssued>>;
  confirmVerification(input: { channel: VerificationChannel; code: string; performedBy: PerformedBy }): Promise<Result<CustomerView>>;
  addAddress(input: { address: AddressInput; performedBy: PerformedBy }): Promise<Result<Address>>;
  updateAddress(input: { addressId: string; patch: AddressInput; performedBy: PerformedBy }): Promise<Result<Address>>;
  removeAddress(input: { addressId: string; performedBy: PerformedBy }): Promise<Result<void>>;
  scheduleErasure(input: { performedBy: PerformedBy }): Promise<Result<{ scheduledFor: string }>>;
  cancelErasure(input: { performedBy: PerformedBy }): Promise<Result<CustomerView>>;
  assignGroup(input: { groupId: string; performedBy: PerformedBy }): Promise<Result<Membership>>;
  unassignGroup(input: { groupId: string; performedBy: PerformedBy }): Promise<Result<Membership>>;
  joinSegments(input: SegmentChangeRequest): Promise<Result<SegmentOutcome>>;
  leaveSegments(input: SegmentChangeRequest): Promise<Result<SegmentOutcome>>;
  applyOrder(order: CompletedOrder): Promise<Result<{ outcome: string }>>;
  getStats(): Promise<Result<StatsView>>;
  requestReconcile(): Promise<Result<{ requested: true }>>;
}
