// Reads of a user document go straight to the store: the actor is the only writer, and a read needs
// no turn. A deleted user reads as absent.
import { AppError, type DaprClient } from '@idp/common';
import { ERROR_CODES } from '@idp/proto';
import { userKey, type UserAggregate } from './domain/user.js';
import { STORES } from './stores.js';

export const USER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const userNotFound = () => new AppError('not_found', ERROR_CODES.userNotFound, 'No user with this id.');

export class UserReader {
  constructor(private readonly dapr: DaprClient) {}

  async live(id: string): Promise<UserAggregate> {
    const aggregate = await this.any(id);
    if (!aggregate || aggregate.user.status === 'deleted') throw userNotFound();
    return aggregate;
  }

  /** The document as stored, deleted or not. */
  async any(id: string): Promise<UserAggregate | undefined> {
    if (!USER_ID_PATTERN.test(id)) return undefined;
    return (await this.dapr.getState<UserAggregate>(STORES.aggregates, userKey(id)))?.value;
  }
}
