// The chaos suite's load: a steady, bounded mix of what shoppers do — register, log in, change their
// profile, refresh their session — through the sidecars, the way other services call the platform.
// Every answer (or failed connection) is recorded, so the checks can compare what clients were told
// with what the stores and the event streams hold.
import { invoke, uniqueEmail } from '../harness/clients.js';
import { bearer, PASSWORD } from '../harness/identities.js';

export type Operation = 'register' | 'login' | 'patch' | 'refresh';

export interface Answer {
  operation: Operation;
  /** The HTTP status, or 0 when the connection failed (a sidecar gone). */
  status: number;
  retryAfter: string | null;
  code?: string;
  /** When the answer came (ms since the epoch). */
  at: number;
  /** The body of a 5xx that was not the apps' own problem+json. */
  detail?: string;
}

export interface Shopper {
  id: string;
  email: string;
  accessToken?: string;
  refreshToken?: string;
  /** The last name of the last PATCH answered 2xx, and every name sent after it that was not. */
  lastNameAccepted?: string;
  lastNamesRefusedSince: string[];
}

export interface LoadRun {
  answers: Answer[];
  /** Registrations answered 201. */
  shoppers: Shopper[];
  /** Emails of registrations answered, but not 201 (a 503 must mean nothing was stored). */
  refusedEmails: string[];
  /** Emails of registrations that got no answer (their sidecar died): stored or not, either is fine,
   * and they may be stored later (the app goes on), but never without their event. */
  unansweredEmails: string[];
}

/** Chaos + the number in letters a–y + z: no name is a substring of another (events are matched by text). */
const nameFor = (n: number): string => {
  let letters = '';
  for (let rest = n; rest > 0; rest = Math.floor(rest / 25)) letters = String.fromCharCode(97 + (rest % 25)) + letters;
  return `Chaos${letters}z`;
};

export const newLoadRun = (): LoadRun => ({ answers: [], shoppers: [], refusedEmails: [], unansweredEmails: [] });

const ORDER: Operation[] = ['register', 'login', 'patch', 'refresh', 'patch', 'login'];

/** Runs the mix with `inFlight` workers until `stop` resolves; `tag` marks this run's emails. `run`
 * fills as answers come, for a caller that watches it. */
export async function loadUntil(stop: Promise<unknown>, tag: string, inFlight = 6, run: LoadRun = newLoadRun()): Promise<LoadRun> {
  let stopped = false;
  void stop.then(() => (stopped = true));
  let turn = 0;
  let names = 0;
  const record = (operation: Operation, status: number, headers?: Headers, body?: unknown) =>
    run.answers.push({
      operation,
      status,
      retryAfter: headers?.get('retry-after') ?? null,
      code: (body as { code?: string } | undefined)?.code,
      // What a sidecar said, when the answer was its own (an errorCode, not a problem+json code).
      ...(status >= 500 && !(body as { code?: string } | undefined)?.code ? { detail: JSON.stringify(body).slice(0, 300) } : {}),
      at: Date.now(),
    });
  const busy = new Set<Shopper>();
  const pick = (ready: (s: Shopper) => boolean): Shopper | undefined => {
    const candidates = run.shoppers.filter((s) => !busy.has(s) && ready(s));
    return candidates[Math.floor(Math.random() * candidates.length)];
  };

  const step = async (operation: Operation): Promise<void> => {
    if (operation === 'register' || run.shoppers.length < 3) {
      const email = uniqueEmail(tag);
      const res = await invoke('customer', 'customer', 'v1/customers', { method: 'POST', body: { email, password: PASSWORD, firstName: 'Chaos', lastName: 'Start' } }).catch((error: unknown) => {
        run.unansweredEmails.push(email);
        throw error;
      });
      record('register', res.status, res.headers, res.body);
      if (res.status === 201) run.shoppers.push({ id: (res.body as { id: string }).id, email, lastNamesRefusedSince: [] });
      else run.refusedEmails.push(email);
      return;
    }
    const shopper = operation === 'login' ? pick(() => true) : pick((s) => Boolean(operation === 'patch' ? s.accessToken : s.refreshToken));
    if (!shopper) {
      // Everyone known is busy or has no session yet: wait a moment rather than spin.
      await new Promise((resolve) => setTimeout(resolve, 50));
      return;
    }
    busy.add(shopper);
    try {
      if (operation === 'login') {
        const res = await invoke('auth', 'auth', 'v1/auth/login', { method: 'POST', body: { userType: 'customer', email: shopper.email, password: PASSWORD } });
        record('login', res.status, res.headers, res.body);
        if (res.status === 200) Object.assign(shopper, { accessToken: res.body.accessToken, refreshToken: res.body.refreshToken });
      } else if (operation === 'refresh') {
        const res = await invoke('auth', 'auth', 'v1/auth/refresh', { method: 'POST', body: { refreshToken: shopper.refreshToken } });
        record('refresh', res.status, res.headers, res.body);
        if (res.status === 200) Object.assign(shopper, { accessToken: res.body.accessToken, refreshToken: res.body.refreshToken });
      } else {
        const lastName = nameFor(++names);
        const res = await invoke('customer', 'customer', `v1/customers/${shopper.id}`, { method: 'PATCH', body: { lastName }, headers: bearer(shopper.accessToken!) });
        record('patch', res.status, res.headers, res.body);
        if (res.status === 200) Object.assign(shopper, { lastNameAccepted: lastName, lastNamesRefusedSince: [] });
        else shopper.lastNamesRefusedSince.push(lastName);
      }
    } finally {
      busy.delete(shopper);
    }
  };

  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (!stopped) {
        const operation = ORDER[turn++ % ORDER.length]!;
        try {
          await step(operation);
        } catch (error) {
          // No answer at all: the client's 30 s timeout, or the connection refused or reset.
          run.answers.push({ operation, status: 0, retryAfter: null, code: error instanceof Error ? error.name : 'error', at: Date.now() });
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    }),
  );
  return run;
}
