// Who may open a session once the password is right: an active account, and a customer whose
// erasure is pending and who was active when it was asked for — so they can still cancel it
// themself within the grace period (a suspended account asking for erasure stays suspended).

export interface SignInStatus {
  status: string;
  erasure?: { scheduledFor: string; statusBefore: string };
}

export type SignInDecision = { allowed: true; erasureScheduledFor?: string } | { allowed: false };

export function signInDecision(identity: SignInStatus): SignInDecision {
  if (identity.status === 'active') return { allowed: true };
  if (identity.status === 'pending_deletion' && identity.erasure?.statusBefore === 'active') return { allowed: true, erasureScheduledFor: identity.erasure.scheduledFor };
  return { allowed: false };
}
