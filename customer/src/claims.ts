// Claims on the uniqueness indexes (email, phone) around a write: claim every new value first,
// confirm after the write commits, release on failure. Release and confirm are best effort: the
// index rules (domain/index-claim.ts) heal a claim whose owner does not hold the value.
import { AppError, type Logger } from '@idp/common';
import { ERROR_CODES } from '@idp/proto';
import type { IndexKind } from './domain/index-claim.js';
import type { CustomerActors } from './clients/actors.js';

export interface IndexValue {
  kind: IndexKind;
  value: string;
}

const TAKEN: Record<IndexKind, { code: typeof ERROR_CODES.emailTaken | typeof ERROR_CODES.phoneTaken; detail: string }> = {
  email: { code: ERROR_CODES.emailTaken, detail: 'An account with this email already exists.' },
  phone: { code: ERROR_CODES.phoneTaken, detail: 'An account with this phone number already exists.' },
};

export class IndexClaims {
  constructor(
    private readonly actors: CustomerActors,
    private readonly logger: Logger,
  ) {}

  /** Claims every value for `ownerId`, or none: a taken value releases the others and throws 409. */
  async claimAll(values: IndexValue[], ownerId: string): Promise<void> {
    const claimed: IndexValue[] = [];
    for (const entry of values) {
      let result;
      try {
        result = await this.actors.claim(entry.kind, entry.value, ownerId);
      } catch (error) {
        await this.releaseAll(claimed, ownerId);
        throw error;
      }
      if (!result.claimed) {
        await this.releaseAll(claimed, ownerId);
        throw new AppError('conflict', TAKEN[entry.kind].code, TAKEN[entry.kind].detail, { extensions: { field: entry.kind } });
      }
      claimed.push(entry);
    }
  }

  async confirmAll(values: IndexValue[], ownerId: string): Promise<void> {
    await Promise.all(
      values.map((entry) =>
        this.actors.confirm(entry.kind, entry.value, ownerId).catch((error: unknown) => {
          this.logger.warn('could not confirm an index claim; the index checks the owner on the next claim', { index: entry.kind, customerId: ownerId, error: String(error) });
        }),
      ),
    );
  }

  async releaseAll(values: IndexValue[], ownerId: string): Promise<void> {
    await Promise.all(
      values.map((entry) =>
        this.actors.release(entry.kind, entry.value, ownerId).catch((error: unknown) => {
          this.logger.warn('could not release an index claim; the index frees it once it sees the owner no longer holds it', { index: entry.kind, customerId: ownerId, error: String(error) });
        }),
      ),
    );
  }
}

/** The index values a customer holds, for claims and releases. */
export const indexValues = (email: string | undefined, phone: string | null | undefined): IndexValue[] => [
  ...(email ? [{ kind: 'email' as const, value: email }] : []),
  ...(phone ? [{ kind: 'phone' as const, value: phone }] : []),
];
