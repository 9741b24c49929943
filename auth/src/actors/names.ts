// Actor type names (= class names; never minify or rename them) and how ids are formed.
import { createHash } from 'node:crypto';

export const ACTORS = {
  session: 'SessionActor',
  subject: 'SubjectActor',
  loginGuard: 'LoginGuardActor',
  keyRing: 'KeyRingActor',
} as const;

/** A subject is a user type and an id: `customer:6f1c…`. */
export const subjectActorId = (userType: string, subjectId: string): string => `${userType}:${subjectId}`;

/** Login guards are keyed by a hash of the identifier, so no email appears in actor ids. */
export const loginGuardId = (userType: string, normalizedEmail: string): string =>
  `${userType}:${createHash('sha256').update(normalizedEmail).digest('hex')}`;

export const KEY_RING_ID = 'platform';
