// Claims on uniqueness indexes around a write: claim every new value first, confirm after the write
// commits, release on failure. Release and confirm are best effort: the index rules (index-claim.ts)
// heal a claim whose owner does not hold the value.
import { ERROR_CODES } from '@idp/proto';
import { AppError } from './errors.js';
import type { ClaimResult } from './unique-index-actor.js';
import type { Logger } from './logger.js';

export interface IndexValue<K extends string = string> {
  kind: K;
  value: string;
}

/** How an app reaches its index actors (one actor type per kind). */
export interface IndexClient<K extends string> {
  claim(kind: K, value: string, ownerId: string): Promise<ClaimResult>;
  confirm(kind: K, value: string, ownerId: string): Promise<void>;
  release(kind: K, value: string, ownerId: string): Promise<void>;
}

export type TakenError = (kind: string) => AppError;

export const valueTaken: TakenError = (kind) =>
  kind === 'phone'
    ? new AppError('conflict', ERROR_CODES.phoneTaken, 'An account with this phone number already exists.', { extensions: { field: kind } })
    : new AppError('conflict', ERROR_CODES.emailTaken, 'An account with this email already exists.', { extensions: { field: kind } });

export class IndexClaims<K extends string> {
  constructor(
    private readonly client: IndexClient<K>,
    private readonly logger: Logger,
  ) {}

  /** Claims every value for `ownerId`, or none: a taken value releases the others and throws 409. */
  async claimAll(values: IndexValue<K>[], ownerId: string): Promise<void> {
    const claimed: IndexValue<K>[] = [];
    for (const entry of values) {
      let result;
      try {
        result = await this.client.claim(entry.kind, entry.value, ownerId);
      } catch (error) {
        await this.releaseAll(claimed, ownerId);
        throw error;
      }
      if (!result.claimed) {
        await this.releaseAll(claimed, ownerId);
        throw valueTaken(entry.kind);
      }
      claimed.push(entry);
    }
  }

  async confirmAll(values: IndexValue<K>[], ownerId: string): Promise<void> {
    await Promise.all(
      values.map((entry) =>
        this.client.confirm(entry.kind, entry.value, ownerId).catch((error: unknown) => {
          this.logger.warn('could not confirm an index claim; the index checks the owner on the next claim', { index: entry.kind, ownerId, error: String(error) });
        }),
      ),
    );
  }

  async releaseAll(values: IndexValue<K>[], ownerId: string): Promise<void> {
    await Promise.all(
      values.map((entry) =>
        this.client.release(entry.kind, entry.value, ownerId).catch((error: unknown) => {
          this.logger.warn('could not release an index claim; the index frees it once it sees the owner no longer holds it', { index: entry.kind, ownerId, error: String(error) });
        }),
      ),
    );
  }
}
