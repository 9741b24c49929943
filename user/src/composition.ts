// The account services, built the same way by the app and by the bootstrap command.
import { IndexClaims, LoginBudget, PasswordHasher, SessionRevoker, type DaprClient, type HashingOptions, type Logger } from '@idp/common';
import { Accounts } from './accounts.js';
import { UserActors } from './clients/actors.js';
import { sessionRevocations } from './metrics.js';
import { UserReader } from './reads.js';

export interface AccountServices {
  actors: UserActors;
  reader: UserReader;
  hasher: PasswordHasher;
  /** The same pool, serving sign-in's password checks first (floods of resets wait behind them). */
  signInHasher: PasswordHasher;
  accounts: Accounts;
}

export function accountServices(dapr: DaprClient, logger: Logger, hashing: HashingOptions = {}): AccountServices {
  const actors = new UserActors(dapr);
  const reader = new UserReader(dapr);
  const hasher = PasswordHasher.create(hashing);
  const accounts = new Accounts(actors, new IndexClaims(actors, logger), reader, hasher, new SessionRevoker(dapr, logger, sessionRevocations), new LoginBudget(dapr), logger);
  return { actors, reader, hasher, signInHasher: hasher.forSignIn(), accounts };
}
