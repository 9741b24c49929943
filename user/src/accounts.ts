// Staff account flows around the UserActor: the email index claim before a write (released on
// failure, moved on an email change), and session revocation in auth after status changes, deletion
// and password changes (synchronous; the event is auth's safety net when the call is lost).
import { randomUUID } from 'node:crypto';
import { AppError, invalidResetToken, newResetToken, parseResetToken, unwrap, type IndexClaims, type Logger, type LoginBudget, type PasswordHasher, type SessionRevoker, type StatusAction } from '@idp/common';
import { ERROR_CODES, type PerformedBy, type Role, type StaffUserType } from '@idp/proto';
import type { UserChanges } from './domain/changes.js';
import { revokeReasonFor } from './domain/status.js';
import type { UserView } from './domain/user.js';
import type { UserActors } from './clients/actors.js';
import type { UserReader } from './reads.js';

export interface NewUserRequest {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  userType: StaffUserType;
  roles: Role[];
}

const email = (value: string) => [{ kind: 'email' as const, value }];

export class Accounts {
  constructor(
    private readonly actors: UserActors,
    private readonly claims: IndexClaims<'email'>,
    private readonly reader: UserReader,
    private readonly hasher: PasswordHasher,
    private readonly revoker: SessionRevoker,
    private readonly budget: LoginBudget,
    private readonly logger: Logger,
  ) {}

  async create(request: NewUserRequest, performedBy: PerformedBy): Promise<UserView> {
    const id = randomUUID();
    const passwordHash = await this.hasher.hash(request.password);
    await this.claims.claimAll(email(request.email), id);
    try {
      const { password: _secret, ...profile } = request;
      const view = unwrap(await this.actors.create(id, { ...profile, passwordHash }, performedBy));
      await this.claims.confirmAll(email(request.email), id);
      this.logger.info('user created', { userId: id, userType: view.userType, roles: view.roles });
      return view;
    } catch (error) {
      await this.claims.releaseAll(email(request.email), id);
      throw error;
    }
  }

  /** A new email is claimed before the write and the old one released after it. */
  async update(id: string, requested: UserChanges, performedBy: PerformedBy): Promise<UserView> {
    const current = (await this.reader.live(id)).user;
    const newEmail = requested.email !== undefined && requested.email !== current.email ? requested.email : undefined;
    if (newEmail) await this.claims.claimAll(email(newEmail), id);
    let outcome;
    try {
      outcome = unwrap(await this.actors.update(id, requested, performedBy));
    } catch (error) {
      if (newEmail) await this.claims.releaseAll(email(newEmail), id);
      throw error;
    }
    if (outcome.changes.email) {
      await this.claims.confirmAll(email(outcome.changes.email), id);
      await this.claims.releaseAll(email(outcome.previousEmail), id);
    } else if (newEmail && newEmail !== outcome.view.email) {
      await this.claims.releaseAll(email(newEmail), id);
    }
    // Tokens carry the permissions of sign-in: new roles take effect with a new sign-in, and a role
    // taken away stops working now. (auth's user.updated subscription does the same if this is lost.)
    if (outcome.changes.roles) await this.revoker.revokeAll(outcome.view.userType, id, 'permissions_changed');
    return outcome.view;
  }

  async changeStatus(id: string, action: StatusAction, performedBy: PerformedBy): Promise<UserView> {
    const outcome = unwrap(await this.actors.changeStatus(id, action, performedBy));
    const reason = revokeReasonFor(outcome.view.status);
    // Also on an unchanged status: a retried suspend must still leave no working session.
    if (reason) await this.revoker.revokeAll(outcome.view.userType, id, reason);
    if (outcome.changed) this.logger.info('user status changed', { userId: id, status: outcome.view.status });
    return outcome.view;
  }

  async softDelete(id: string, performedBy: PerformedBy): Promise<void> {
    const outcome = unwrap(await this.actors.softDelete(id, performedBy));
    await this.revoker.revokeAll(outcome.userType, id, 'subject_deleted');
    await this.claims.releaseAll(email(outcome.email), id);
    if (outcome.deleted) this.logger.info('user soft-deleted', { userId: id });
  }

  async changePassword(id: string, request: { currentPassword: string; newPassword: string }, keepSessionId: string | null, performedBy: PerformedBy): Promise<void> {
    const aggregate = await this.reader.live(id);
    const current = aggregate.credentials.passwordHash;
    // The current password is checked within the login budget of the account (shared with login):
    // a stolen session cannot guess it without limit, nor while the account is locked.
    const { userType, email } = aggregate.user;
    if (!(await this.budget.check(userType, email, id, () => this.hasher.verify(request.currentPassword, current)))) {
      throw new AppError('invalid', ERROR_CODES.invalidCredentials, 'The current password is not correct.', { errors: [{ pointer: '/currentPassword', detail: 'is not correct' }] });
    }
    const passwordHash = await this.hasher.hash(request.newPassword);
    unwrap(await this.actors.changePassword(id, { passwordHash, expectedHash: current, keepSessionId, performedBy }));
    await this.revoker.revokeAll(aggregate.user.userType, id, 'password_changed', keepSessionId ?? undefined);
  }

  /** Ends the account's login lock (staff with users:admin); auth publishes account.unlocked. */
  async unlock(id: string, performedBy: PerformedBy): Promise<{ wasLocked: boolean }> {
    const { user } = await this.reader.live(id);
    const outcome = await this.budget.release(user.userType, user.email, id, performedBy);
    this.logger.info('login lock released', { userId: id, wasLocked: outcome.wasLocked, by: performedBy.id });
    return outcome;
  }

  /** Whether `password` is the account's password now (the bootstrap check at start; no budget:
   * the password comes from the operator's environment, not from a client). */
  async hasPassword(id: string, password: string): Promise<boolean> {
    const { credentials } = await this.reader.live(id);
    return this.hasher.verify(password, credentials.passwordHash);
  }

  /** The operator's recovery of an administrator whose password nobody knows: sets it (event
   * user.password.changed, audited as the system), ends every session and the login lock. */
  async setPasswordAsOperator(id: string, password: string, performedBy: PerformedBy): Promise<void> {
    const aggregate = await this.reader.live(id);
    const passwordHash = await this.hasher.hash(password);
    unwrap(await this.actors.changePassword(id, { passwordHash, expectedHash: aggregate.credentials.passwordHash, keepSessionId: null, performedBy }));
    await this.revoker.revokeAll(aggregate.user.userType, id, 'password_changed');
    await this.budget.release(aggregate.user.userType, aggregate.user.email, id, performedBy);
    this.logger.warn('password set by the operator', { userId: id, by: performedBy.id });
  }

  /** The token goes back to the admin who asked (to hand over out of band); only its hash is kept. */
  async issuePasswordReset(id: string, performedBy: PerformedBy): Promise<{ token: string; expiresAt: string }> {
    const { token, tokenHash } = newResetToken(id);
    const { expiresAt } = unwrap(await this.actors.issuePasswordReset(id, tokenHash, performedBy));
    this.logger.info('password reset issued', { userId: id, by: performedBy.id });
    return { token, expiresAt };
  }

  async resetPassword(token: string, newPassword: string): Promise<void> {
    const parsed = parseResetToken(token);
    // The token first: a made-up one costs no hash (a flood of them cannot take the hashing capacity).
    if (!parsed || !(await this.actors.checkPasswordReset(parsed.userId, parsed.secret)).valid) throw invalidResetToken('an admin');
    const passwordHash = await this.hasher.hash(newPassword);
    const { userType } = unwrap(await this.actors.resetPassword(parsed.userId, parsed.secret, passwordHash));
    // A reset means the old password may be known to someone else: every session ends.
    await this.revoker.revokeAll(userType, parsed.userId, 'password_changed');
  }
}
