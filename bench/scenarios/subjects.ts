// Signed-in customers for the loads that act as a customer: one per connection, so a load's figure
// is not one actor's serial rate. Each autocannon connection keeps its own subject.
import type { Platform } from '../platform.js';
import { authClient } from './auth.js';

export interface Subject {
  id: string;
  email: string;
  accessToken: string;
}

const subjectId = (accessToken: string): string => {
  const [, payload] = accessToken.split('.');
  return (JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { sub: string }).sub;
};

/** `count` new customers, each signed in once. */
export async function customerSubjects(platform: Platform, count: number, tag: string): Promise<Subject[]> {
  const client = authClient(platform);
  return Promise.all(
    Array.from({ length: count }, async () => {
      const email = await client.customer(tag);
      const { accessToken } = await client.login(email);
      return { id: subjectId(accessToken), email, accessToken };
    }),
  );
}

/** The same customers signed in again: access tokens live minutes, a run much longer. */
export async function signInAgain(platform: Platform, subjects: Subject[]): Promise<Subject[]> {
  const client = authClient(platform);
  return Promise.all(subjects.map(async (s) => ({ ...s, accessToken: (await client.login(s.email)).accessToken })));
}

/** Each autocannon connection keeps one item, handed out round robin on its first request. */
export function bySlot<T>(items: T[]): (context: { slot?: T }) => T {
  let next = 0;
  return (context) => (context.slot ??= items[next++ % items.length]!);
}
