// Typed proxies for this app's actors, over the sidecar's actor API.
import { indexActorId, type ClaimResult, type DaprClient, type IndexClient, type Result, type StatusAction } from '@idp/common';
import type { PerformedBy, StaffUserType } from '@idp/proto';
import type { UserChanges } from '../domain/changes.js';
import type { NewUser, UserView } from '../domain/user.js';
import { ACTORS } from '../stores.js';
import type { DeleteOutcome, StatusOutcome, UpdateOutcome } from '../actors/UserActor.interface.js';

export class UserActors implements IndexClient<'email'> {
  constructor(private readonly dapr: DaprClient) {}

  private index<T>(email: string, method: string, body?: unknown): Promise<T> {
    return this.dapr.invokeActor<T>(ACTORS.emailIndex, indexActorId(email), method, body);
  }

  claim(_kind: 'email', email: string, ownerId: string): Promise<ClaimResult> {
    return this.index(email, 'claim', { ownerId });
  }

  confirm(_kind: 'email', email: string, ownerId: string): Promise<void> {
    return this.index(email, 'confirm', { ownerId });
  }

  release(_kind: 'email', email: string, ownerId: string): Promise<void> {
    return this.index(email, 'release', { ownerId });
  }

  async owner(email: string): Promise<string | null> {
    return (await this.index<{ ownerId: string | null }>(email, 'lookup')).ownerId;
  }

  private user<T>(id: string, method: string, body?: unknown): Promise<Result<T>> {
    return this.dapr.invokeActor(ACTORS.user, id, method, body);
  }

  create(id: string, input: Omit<NewUser, 'id'>, performedBy: PerformedBy): Promise<Result<UserView>> {
    return this.user(id, 'create', { ...input, performedBy });
  }

  update(id: string, changes: UserChanges, performedBy: PerformedBy): Promise<Result<UpdateOutcome>> {
    return this.user(id, 'update', { changes, performedBy });
  }

  changeStatus(id: string, action: StatusAction, performedBy: PerformedBy): Promise<Result<StatusOutcome>> {
    return this.user(id, 'changeStatus', { action, performedBy });
  }

  softDelete(id: string, performedBy: PerformedBy): Promise<Result<DeleteOutcome>> {
    return this.user(id, 'softDelete', { performedBy });
  }

  changePassword(id: string, change: { passwordHash: string; expectedHash: string; keepSessionId: string | null; performedBy: PerformedBy }): Promise<Result<void>> {
    return this.user(id, 'changePassword', change);
  }

  rehashPassword(id: string, change: { passwordHash: string; expectedHash: string }): Promise<Result<{ rehashed: boolean }>> {
    return this.user(id, 'rehashPassword', change);
  }

  issuePasswordReset(id: string, tokenHash: string, performedBy: PerformedBy): Promise<Result<{ expiresAt: string }>> {
    return this.user(id, 'issuePasswordReset', { tokenHash, performedBy });
  }

  checkPasswordReset(id: string, secret: string): Promise<{ valid: boolean }> {
    return this.dapr.invokeActor(ACTORS.user, id, 'checkPasswordReset', { secret });
  }

  resetPassword(id: string, secret: string, passwordHash: string): Promise<Result<{ userType: StaffUserType }>> {
    return this.user(id, 'resetPassword', { secret, passwordHash });
  }
}
