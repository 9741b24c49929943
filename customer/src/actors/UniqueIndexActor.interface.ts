import type { IndexKind } from '../domain/index-claim.js';

export const INDEX_ACTORS: Record<IndexKind, string> = { email: 'EmailIndexActor', phone: 'PhoneIndexActor' };

export type ClaimResult = { claimed: true } | { claimed: false; ownerId: string };

/** One actor per normalized value (id = its hash): turn-based execution makes claims race-free. */
export interface UniqueIndexActorApi {
  claim(input: { ownerId: string }): Promise<ClaimResult>;
  confirm(input: { ownerId: string }): Promise<void>;
  release(input: { ownerId: string }): Promise<void>;
  /** The customer holding the value, checked against that customer's document. */
  lookup(): Promise<{ ownerId: string | null }>;
}
