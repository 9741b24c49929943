// The hash pool of an app that owns passwords (customer, user): one bulkhead per process, sized
// from the environment, with sign-in's checks served first.
import { availableParallelism } from 'node:os';
import type { Logger } from './logger.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { PriorityBulkhead } from './priority-bulkhead.js';

export interface HashingOptions {
  /** Hashes at once; one per CPU by default. */
  maxConcurrent?: number;
  /** Waiting per lane before 503. */
  maxQueued?: number;
  /** The longest wait a registration, reset or password change accepts before 503 (default 10 s). */
  maxWaitMs?: number;
  /** The same for a sign-in's check (default 20 s: under auth's 25 s call to the credentials' owner). */
  signInMaxWaitMs?: number;
}

type HashLane = 'sign-in' | 'other';

/** What a hash took on the bench machine; the pool's own measurements replace it within a few runs. */
const FIRST_GUESS_MS = 400;

/** Password hashing behind one bulkhead per process: scrypt costs ~0.2 s of a core and 128 MiB, so
 * unbounded parallel hashing starves everything else in the process (and the sidecar's health
 * probes). Sign-in's checks are served before anything else waiting, so a flood of registrations or
 * resets (which is turned away with 503 once its wait would pass `maxWaitMs`) never holds a login
 * back by more than the hashes already running. */
export class PasswordHasher {
  private constructor(
    private readonly pool: PriorityBulkhead<HashLane>,
    private readonly verifyLane: HashLane,
  ) {}

  static create(options: HashingOptions = {}): PasswordHasher {
    const maxQueued = options.maxQueued ?? 64;
    const pool = new PriorityBulkhead<HashLane>(
      options.maxConcurrent ?? availableParallelism(),
      { 'sign-in': { maxQueued, maxWaitMs: options.signInMaxWaitMs ?? 20_000 }, other: { maxQueued, maxWaitMs: options.maxWaitMs ?? 10_000 } },
      FIRST_GUESS_MS,
    );
    return new PasswordHasher(pool, 'other');
  }

  /** The same pool, whose password checks go before everything else waiting: for sign-in. */
  forSignIn(): PasswordHasher {
    return new PasswordHasher(this.pool, 'sign-in');
  }

  hash(password: string): Promise<string> {
    return this.pool.run('other', () => hashPassword(password));
  }

  verify(password: string, stored: string): Promise<boolean> {
    return this.pool.run(this.verifyLane, () => verifyPassword(password, stored));
  }
}

/** The environment that sizes the hash pool (the customer and user apps, which own passwords). */
export interface HashingConfig {
  PASSWORD_HASH_CONCURRENCY: number;
  PASSWORD_HASH_QUEUE: number;
  PASSWORD_HASH_MAX_WAIT_SECONDS: number;
  PASSWORD_SIGN_IN_MAX_WAIT_SECONDS: number;
}

export const hashingConfigProperties = {
  PASSWORD_HASH_CONCURRENCY: { type: 'integer', minimum: 0, maximum: 64, default: 0 },
  PASSWORD_HASH_QUEUE: { type: 'integer', minimum: 0, maximum: 10_000, default: 64 },
  PASSWORD_HASH_MAX_WAIT_SECONDS: { type: 'number', minimum: 0.1, maximum: 60, default: 10 },
  // Below auth's 25 s call to the credentials' owner, so a refused check is a 503, not a timeout.
  PASSWORD_SIGN_IN_MAX_WAIT_SECONDS: { type: 'number', minimum: 0.1, maximum: 24, default: 20 },
} as const;

export const hashingOptions = (config: HashingConfig): HashingOptions => ({
  maxConcurrent: config.PASSWORD_HASH_CONCURRENCY || undefined,
  maxQueued: config.PASSWORD_HASH_QUEUE,
  maxWaitMs: config.PASSWORD_HASH_MAX_WAIT_SECONDS * 1000,
  signInMaxWaitMs: config.PASSWORD_SIGN_IN_MAX_WAIT_SECONDS * 1000,
});

/** After a successful sign-in with a hash made at a lower cost than today's: hash the password again
 * and hand it to `store` (which replaces the hash only if it is still the one verified), after the
 * answer, so the sign-in does not wait for a second hash. Best effort: the next sign-in tries again. */
export function rehashLater(hasher: PasswordHasher, logger: Logger, password: string, store: (passwordHash: string) => Promise<boolean>, context: Record<string, string>): void {
  void (async () => {
    try {
      if (await store(await hasher.hash(password))) logger.info('password re-hashed at the current cost', context);
    } catch (error) {
      logger.warn('password re-hash failed; the next sign-in retries', { ...context, error: String(error) });
    }
  })();
}
