import { expect } from 'chai';
import type { DaprClient } from '@idp/common';
import type { SessionRecord } from '../../src/domain/session.js';
import { LiveSessions } from '../../src/sessions/live-sessions.js';

function fakeStore(initial: SessionRecord | undefined): { dapr: DaprClient; reads: () => number; set: (s: SessionRecord | undefined) => void; gate: () => () => void } {
  let stored = initial;
  let reads = 0;
  let hold: Promise<void> | undefined;
  const dapr = {
    getState: async () => {
      reads += 1;
      const seen = stored;
      await hold;
      return seen ? { value: seen, etag: '1' } : undefined;
    },
  } as unknown as DaprClient;
  return {
    dapr,
    reads: () => reads,
    set: (s) => (stored = s),
    // Holds every read until the returned function is called.
    gate: () => {
      let release!: () => void;
      hold = new Promise((resolve) => (release = resolve));
      return release;
    },
  };
}

const session = (status: 'active' | 'revoked' = 'active'): SessionRecord =>
  ({ sessionId: 's1', subjectId: 'c1', userType: 'customer', status, permissions: [], createdAt: 0, lastUsedAt: 0, expiresAt: Date.now() + 60_000, idleExpiresAt: Date.now() + 60_000 }) as unknown as SessionRecord;

describe('live sessions (introspection view of auth-store)', () => {
  it('when a session is looked up again within the max age, then the store is read once; after it, again', async () => {
    const store = fakeStore(session());
    const sessions = new LiveSessions(store.dapr, 500);
    const now = Date.now();
    await sessions.get('s1', now);
    await sessions.get('s1', now + 499);
    expect(store.reads()).to.equal(1);
    store.set(session('revoked'));
    expect((await sessions.get('s1', now + 10_000))?.status).to.equal('revoked');
    expect(store.reads()).to.equal(2);
  });

  it('when many lookups of one session arrive at once, then one store read serves them all', async () => {
    const store = fakeStore(session());
    const sessions = new LiveSessions(store.dapr, 500);
    const release = store.gate();
    const lookups = Array.from({ length: 50 }, () => sessions.get('s1'));
    release();
    expect((await Promise.all(lookups)).every((s) => s?.status === 'active')).to.equal(true);
    expect(store.reads()).to.equal(1);
  });

  it('when this replica revokes a session while a read is on its way, then the revocation wins over the older read', async () => {
    const store = fakeStore(session());
    const sessions = new LiveSessions(store.dapr, 500);
    const release = store.gate();
    const read = sessions.get('s1');
    await new Promise((resolve) => setTimeout(resolve, 5));
    sessions.put(session('revoked'));
    release();
    expect((await read)?.status).to.equal('revoked');
    expect((await sessions.get('s1'))?.status).to.equal('revoked');
  });

  it('when a session was revoked, then it stays revoked without further reads', async () => {
    const store = fakeStore(session('revoked'));
    const sessions = new LiveSessions(store.dapr, 500);
    const now = Date.now();
    await sessions.get('s1', now);
    await sessions.get('s1', now + 60_000);
    expect(store.reads()).to.equal(1);
  });

  it('when a session is not in the store, then it is absent, and asked again next time', async () => {
    const store = fakeStore(undefined);
    const sessions = new LiveSessions(store.dapr, 0);
    expect(await sessions.get('s1')).to.equal(undefined);
    store.set(session());
    expect((await sessions.get('s1'))?.status).to.equal('active');
  });
});
