import type { PerformedBy, StaffUserType } from '@idp/proto';
import type { Result, StatusAction } from '@idp/common';
import type { UserChanges } from '../domain/changes.js';
import type { NewUser, UserView } from '../domain/user.js';

export interface UpdateOutcome {
  view: UserView;
  /** The fields that actually changed (empty: nothing written, no event). */
  changes: UserChanges;
  /** The email before the change, so the caller can release its index claim. */
  previousEmail: string;
}

export interface StatusOutcome {
  view: UserView;
  changed: boolean;
}

export interface DeleteOutcome {
  deleted: boolean;
  email: string;
  userType: StaffUserType;
}

/** One actor per staff account: the only writer of that account's document. */
export interface UserActorApi {
  create(input: Omit<NewUser, 'id'> & { performedBy: PerformedBy }): Promise<Result<UserView>>;
  update(input: { changes: UserChanges; performedBy: PerformedBy }): Promise<Result<UpdateOutcome>>;
  changeStatus(input: { action: StatusAction; performedBy: PerformedBy }): Promise<Result<StatusOutcome>>;
  softDelete(input: { performedBy: PerformedBy }): Promise<Result<DeleteOutcome>>;
  changePassword(input: { passwordHash: string; expectedHash: string; keepSessionId: string | null; performedBy: PerformedBy }): Promise<Result<void>>;
  /** Stores the same password hashed at today's cost, if the hash is still `expectedHash`. */
  rehashPassword(input: { passwordHash: string; expectedHash: string }): Promise<Result<{ rehashed: boolean }>>;
  issuePasswordReset(input: { tokenHash: string; performedBy: PerformedBy }): Promise<Result<{ expiresAt: string }>>;
  /** Answers the account type, for the caller's session revocation. */
  checkPasswordReset(input: { secret: string }): Promise<{ valid: boolean }>;
  resetPassword(input: { secret: string; passwordHash: string }): Promise<Result<{ userType: StaffUserType }>>;
}
