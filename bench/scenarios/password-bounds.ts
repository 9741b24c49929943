// The password-hash bounds of registration and login: scrypt alone, in process, with as many
// parallel hashes as the machine has cores (scrypt runs on libuv's thread pool, one core each).
// Neither path can be faster than its hash; the ratio says how much the rest of the path costs.
import { availableParallelism } from 'node:os';
import { hashPassword, verifyPassword } from '@idp/common';
import { closedLoop } from '../load.js';
import type { LoadResult } from '../stats.js';
import { PASSWORD } from './registration.js';

/** What a registration hashes: one hashPassword of a new password. */
export function hashBound(seconds: number): Promise<LoadResult> {
  return closedLoop('hashPassword alone (bound)', availableParallelism(), seconds, async () => undefined, async () => {
    await hashPassword(PASSWORD);
  });
}

/** What a login verifies: one verifyPassword against a stored hash. */
export async function verifyBound(seconds: number): Promise<LoadResult> {
  const stored = await hashPassword(PASSWORD);
  return closedLoop('scrypt verifications alone (bound)', availableParallelism(), seconds, async () => undefined, async () => {
    await verifyPassword(PASSWORD, stored);
  });
}
