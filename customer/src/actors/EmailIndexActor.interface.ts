export const EMAIL_INDEX_ACTOR = 'EmailIndexActor';

export type ClaimResult = { claimed: true } | { claimed: false; ownerId: string };

/** One actor per normalized email: its turn-based execution makes claims race-free. */
export interface EmailIndexActorApi {
  claim(input: { ownerId: string }): Promise<ClaimResult>;
  confirm(input: { ownerId: string }): Promise<void>;
  release(input: { ownerId: string }): Promise<void>;
  lookup(): Promise<{ ownerId: string | null }>;
}
