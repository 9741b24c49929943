// The first administrator: created once, from an email and initial password the operator provides
// (environment or secret, never a default in the code). Safe to run at every start and from several
// replicas at once: the email index lets one creation through, and a marker in the store records
// that the bootstrap of that email happened, so an admin deleted later is not re-created by the next
// restart. Configuring another email bootstraps another administrator (an operator's decision).
import { createHash } from 'node:crypto';
import { isAppError, type DaprClient, type Logger } from '@idp/common';
import { ERROR_CODES } from '@idp/proto';
import type { Accounts } from './accounts.js';
import type { UserActors } from './clients/actors.js';
import { STORES } from './stores.js';

const markerKey = (email: string): string => `bootstrap-admin:${createHash('sha256').update(email).digest('hex')}`;

/** `passwordMatches` (for an account that exists): whether the configured password still opens it. */
export type BootstrapOutcome = { result: 'created'; userId: string } | { result: 'exists'; userId: string; passwordMatches?: boolean };

/** What the operator is told at start when the configured password no longer opens the account
 * (changed since, or a new `.run/` generated a new one while the store kept the account). */
export const PASSWORD_MISMATCH_MESSAGE = 'bootstrap administrator password mismatch';
export const RESET_COMMAND = 'npm run admin:reset-password';
export const PASSWORD_MISMATCH_HINT = `BOOTSTRAP_ADMIN_PASSWORD is not this account's password (it was changed, or .run/ was recreated while the store kept the account). If nobody knows the current one, run \`${RESET_COMMAND}\` while the platform runs: it sets BOOTSTRAP_ADMIN_PASSWORD, ends the account's sessions and its login lock, and is audited.`;

export interface BootstrapDeps {
  dapr: DaprClient;
  actors: UserActors;
  accounts: Accounts;
}

export async function ensureBootstrapAdmin(deps: BootstrapDeps, admin: { email: string; password: string }, options: { checkPassword?: boolean } = {}): Promise<BootstrapOutcome> {
  const outcome = await ensureAccount(deps, admin);
  if (outcome.result === 'created' || options.checkPassword === false) return outcome;
  // One hash of the operator's own password (no login budget: it comes from the environment). An
  // account deleted since has no password to compare: nothing to say about it.
  const matches = await deps.accounts.hasPassword(outcome.userId, admin.password).catch(() => undefined);
  return matches === undefined ? outcome : { ...outcome, passwordMatches: matches };
}

async function ensureAccount(deps: BootstrapDeps, admin: { email: string; password: string }): Promise<BootstrapOutcome> {
  const email = admin.email.trim().toLowerCase();
  const marker = await deps.dapr.getState<{ userId: string | null }>(STORES.aggregates, markerKey(email));
  // Markers written before the owner was awaited may hold no id.
  if (marker) return { result: 'exists', userId: marker.value.userId ?? (await settledOwner(deps.actors, email)) };
  let outcome: BootstrapOutcome;
  try {
    const view = await deps.accounts.create(
      { email, password: admin.password, firstName: 'Platform', lastName: 'Administrator', userType: 'admin', roles: ['admin'] },
      { kind: 'system', id: 'bootstrap' },
    );
    outcome = { result: 'created', userId: view.id };
  } catch (error) {
    // Another replica (or an earlier run that stopped before the marker) created it, or is creating it.
    if (!isAppError(error) || error.code !== ERROR_CODES.emailTaken) throw error;
    outcome = { result: 'exists', userId: await settledOwner(deps.actors, email) };
  }
  await deps.dapr.saveState(STORES.aggregates, [{ key: markerKey(email), value: { userId: outcome.userId, at: new Date().toISOString() } }]);
  return outcome;
}

/** A claim in flight has no owner yet (its account is still being written): wait for that write
 * rather than record "exists" without knowing whose account it is. */
async function settledOwner(actors: UserActors, email: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
    const owner = await actors.owner(email);
    if (owner) return owner;
    if (Date.now() > deadline) throw new Error(`the email ${email} is claimed but no account holds it after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** The operator's password no longer opens the account: an error naming the reset command, which
 * `npm start` prints on the terminal (scripts/runtime/bootstrap-report.ts). */
function logPasswordMismatch(email: string, userId: string, logger: Logger): void {
  logger.error(PASSWORD_MISMATCH_MESSAGE, { userId, email, hint: PASSWORD_MISMATCH_HINT });
}

/** At start: the app's actors are reachable only once daprd has registered them with placement. */
export async function bootstrapWhenReady(deps: BootstrapDeps, admin: { email: string; password: string }, logger: Logger): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const outcome = await ensureBootstrapAdmin(deps, admin);
      logger.info(outcome.result === 'created' ? 'bootstrap administrator created' : 'bootstrap administrator already exists', { userId: outcome.userId });
      if (outcome.result === 'exists' && outcome.passwordMatches === false) logPasswordMismatch(admin.email, outcome.userId, logger);
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        logger.error('could not create the bootstrap administrator; run `npm run bootstrap-admin -w user`', { error: String(error) });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}
