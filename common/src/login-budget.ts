// A password check outside login — changing a password with the current one — spends the same
// failure budget as login, in auth's LoginGuardActor for the identity (internal routes, admitted by
// auth's access control for the user and customer apps alone): a wrong current password counts as a
// failed login, a locked identity cannot check passwords this way either, and parallel guesses reach
// the check only within the budget. Staff end a lock with `release`.
import { ERROR_CODES, type AttemptAdmitRequest, type AttemptSettleRequest, type ErrorCode, type LockReleaseRequest, type PerformedBy, type UserType } from '@idp/proto';
import { accountLockedError, AppError, retryAfterMs, STATUS_BY_KIND, type ErrorKind } from './errors.js';
import type { DaprClient, SidecarResponse } from './dapr.js';

const KIND_BY_STATUS = new Map(Object.entries(STATUS_BY_KIND).map(([kind, status]) => [status, kind as ErrorKind]));

/** Auth's refusals (423 locked, 429 too many attempts) pass through as they are; anything else
 * means the budget cannot be consulted now, and the check is not made. */
async function refusal(res: SidecarResponse): Promise<AppError> {
  const body = (await res.json().catch(() => ({}))) as { code?: string; detail?: string; retryAfterSeconds?: number };
  const kind = KIND_BY_STATUS.get(res.status);
  if ((res.status === 423 || res.status === 429) && kind && body.code) {
    const seconds = body.retryAfterSeconds ?? Number(res.headers.get('retry-after') ?? 1);
    return new AppError(kind, body.code as ErrorCode, body.detail ?? 'Try again later.', retryAfterMs(seconds * 1000));
  }
  return new AppError('unavailable', ERROR_CODES.dependencyUnavailable, 'The password cannot be checked right now. Retry later.', { retryAfter: 2 });
}

export class LoginBudget {
  constructor(private readonly dapr: DaprClient) {}

  private async post<T>(route: string, body: AttemptAdmitRequest | AttemptSettleRequest | LockReleaseRequest): Promise<T> {
    const res = await this.dapr.invoke('auth', route, 'POST', body);
    if (!res.ok) throw await refusal(res);
    return (await res.json()) as T;
  }

  /** Runs `verify` within the identity's budget: true when the password is right; false when it is
   * wrong; 423 when the identity is (or this failure made it) locked; 429 when attempts in flight
   * hold the budget; 503 when auth cannot be asked. */
  async check(userType: UserType, email: string, subjectId: string, verify: () => Promise<boolean>): Promise<boolean> {
    const { attemptId } = await this.post<{ attemptId: string }>('internal/attempts/admit', { userType, email });
    const settle = (outcome: AttemptSettleRequest['outcome']) => this.post<{ lockedForMs: number }>('internal/attempts/settle', { userType, email, attemptId, outcome, subjectId });
    let right: boolean;
    try {
      right = await verify();
    } catch (error) {
      await settle('unknown').catch(() => undefined);
      throw error;
    }
    const { lockedForMs } = await settle(right ? 'success' : 'failure');
    if (!right && lockedForMs > 0) throw accountLockedError(lockedForMs);
    return right;
  }

  /** Ends the identity's login lock and forgets its failures (auth publishes account.unlocked). */
  release(userType: UserType, email: string, subjectId: string, performedBy: PerformedBy): Promise<{ wasLocked: boolean }> {
    return this.post('internal/lockouts/release', { userType, email, subjectId, performedBy });
  }
}
