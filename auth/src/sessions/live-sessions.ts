// Session documents as introspection sees them, read from auth-store at most once per
// `maxAgeMs` per session per replica (one read in flight per session). That age is the bound
// within which a session revoked through another replica answers inactive here. No revocation feed
// is involved, so there is nothing to miss: a replica that restarts or loses a message still
// re-reads every session it serves within `maxAgeMs`. Writes made by this replica's SessionActor
// are put in at once, and a revoked session (an end state) is kept as it is.
import type { DaprClient } from '@idp/common';
import type { SessionRecord } from '../domain/session.js';
import { sessionKey, STORES } from '../stores.js';

interface Entry {
  session: SessionRecord | undefined;
  readAt: number;
}

export class LiveSessions {
  private readonly entries = new Map<string, Entry>();
  private readonly reading = new Map<string, Promise<SessionRecord | undefined>>();

  constructor(
    private readonly dapr: DaprClient,
    private readonly maxAgeMs: number,
    private readonly maxEntries = 100_000,
  ) {}

  async get(sessionId: string, now = Date.now()): Promise<SessionRecord | undefined> {
    const entry = this.entries.get(sessionId);
    if (entry?.session?.status === 'revoked') return entry.session;
    if (entry && now - entry.readAt < this.maxAgeMs) return entry.session;
    let read = this.reading.get(sessionId);
    if (!read) {
      read = this.read(sessionId).finally(() => this.reading.delete(sessionId));
      this.reading.set(sessionId, read);
    }
    return read;
  }

  /** What this replica just wrote (created, rotated, revoked): no store read needed to see it. */
  put(session: SessionRecord): void {
    this.remember(session.sessionId, { session, readAt: Date.now() });
  }

  forget(sessionId: string): void {
    this.entries.delete(sessionId);
  }

  private async read(sessionId: string): Promise<SessionRecord | undefined> {
    const readAt = Date.now();
    const session = (await this.dapr.getState<SessionRecord>(STORES.records, sessionKey(sessionId)))?.value;
    // A write by this replica while the read was on its way is newer than what the read saw.
    const current = this.entries.get(sessionId);
    if (current && current.readAt > readAt) return current.session;
    this.remember(sessionId, { session, readAt });
    return session;
  }

  private remember(sessionId: string, entry: Entry): void {
    this.entries.delete(sessionId);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(sessionId, entry);
  }
}
