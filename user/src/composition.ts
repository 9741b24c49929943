// The account services, built the same way by the app and by the bootstrap command.
import { IndexClaims, LoginBudget, PasswordHasher, SessionRevoker, type DaprClient, type Logger } from '@idp/common';
import { Accounts } from './accounts.js';
import { UserActors } from './clients/actors.js';
import { sessionRevocations } from './metrics.js';
import { UserReader } from './reads.js';

export interface AccountServices {
  actors: UserActors;
  reader: UserReader;
  hasher: PasswordHasher;
  /** Sign-in's password checks, with a capacity of their own (floods of resets cannot take it). */
  signInHasher: PasswordHasher;
  accounts: Accounts;
}

export function accountServices(dapr: DaprClient, logger: Logger, hashing: { maxConcurrent?: number; maxQueued?: number } = {}): AccountServices {
  const actors = new UserActors(dapr);
  const reader = new UserReader(dapr);
  const hasher = new PasswordHasher(hashing);
  const accounts = new Accounts(actors, new IndexClaims(actors, logger), reader, hasher, new SessionRevoker(dapr, logger, sessionRevocations), new LoginBudget(dapr), logger);
  return { actors, reader, hasher, signInHasher: new PasswordHasher(hashing), accounts };
}
