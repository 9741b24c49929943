// The customer's index values (email, phone), for claims and releases around writes.
import type { IndexClaims as Claims, IndexValue } from '@idp/common';
import type { IndexKind } from './actors/UniqueIndexActor.interface.js';

export type IndexClaims = Claims<IndexKind>;

/** The index values a customer holds, for claims and releases. */
export const indexValues = (email: string | undefined, phone: string | null | undefined): IndexValue<IndexKind>[] => [
  ...(email ? [{ kind: 'email' as const, value: email }] : []),
  ...(phone ? [{ kind: 'phone' as const, value: phone }] : []),
];
