import { expect } from 'chai';
import { inactivity, isActive, MAX_ROTATED_HASHES, openSession, refreshSession, revokeSession, type SessionPolicy } from '../../src/domain/session.js';
import { hashSecret, newRefreshToken, parseRefreshToken } from '../../src/domain/refresh-token.js';

const policy: SessionPolicy = { absoluteTtlMs: 1000_000, idleTimeoutMs: 100_000, deviceBinding: false };
const t0 = 1_000_000;
const open = (deviceId: string | null = 'phone', p = policy) =>
  openSession({ sessionId: 's1', subjectId: 'c1', userType: 'customer', deviceId, permissions: [], refreshHash: 'h0' }, t0, p);

describe('session rules', () => {
  it('when a session opens, then it is active until the idle timeout or the absolute lifetime, whichever comes first', () => {
    const session = open();
    expect(session).to.include({ status: 'active', expiresAt: t0 + 1000_000, idleExpiresAt: t0 + 100_000 });
    expect(isActive(session, t0 + 99_999)).to.equal(true);
    expect(inactivity(session, t0 + 100_000)).to.equal('idle_timeout');
    expect(inactivity({ ...session, idleExpiresAt: t0 + 2000_000 }, t0 + 1000_000)).to.equal('expired');
  });

  it('when the current refresh token is presented, then it rotates: new hash, old one remembered, idle window extended but never past the lifetime', () => {
    const outcome = refreshSession(open(), 'h0', 'h1', 'phone', t0 + 50_000, policy);
    expect(outcome.kind).to.equal('rotated');
    if (outcome.kind !== 'rotated') return;
    expect(outcome.session.refresh).to.deep.equal({ currentHash: 'h1', rotatedHashes: ['h0'], rotations: 1 });
    expect(outcome.session.idleExpiresAt).to.equal(t0 + 150_000);
    const late = refreshSession({ ...outcome.session, idleExpiresAt: t0 + 999_999 }, 'h1', 'h2', 'phone', t0 + 950_000, policy);
    expect(late.kind === 'rotated' && late.session.idleExpiresAt).to.equal(t0 + 1000_000);
  });

  it('when a rotated-away token is presented, then the session is revoked for refresh_reuse', () => {
    const rotated = refreshSession(open(), 'h0', 'h1', 'phone', t0 + 1, policy);
    if (rotated.kind !== 'rotated') throw new Error('expected rotation');
    const reuse = refreshSession(rotated.session, 'h0', 'h2', 'phone', t0 + 2, policy);
    expect(reuse.kind).to.equal('reuse');
    expect(reuse.kind === 'reuse' && reuse.session).to.include({ status: 'revoked', revokeReason: 'refresh_reuse', revokedAt: t0 + 2 });
  });

  it('when an unknown token, an ended session or (with device binding) another device presents it, then no rotation', () => {
    expect(refreshSession(open(), 'nope', 'h1', 'phone', t0 + 1, policy).kind).to.equal('invalid');
    expect(refreshSession(revokeSession(open(), 'logout', t0), 'h0', 'h1', 'phone', t0 + 1, policy)).to.deep.equal({ kind: 'inactive', reason: 'revoked' });
    expect(refreshSession(open(), 'h0', 'h1', 'phone', t0 + 100_000, policy)).to.deep.equal({ kind: 'inactive', reason: 'idle_timeout' });
    const bound = { ...policy, deviceBinding: true };
    expect(refreshSession(open('phone', bound), 'h0', 'h1', 'laptop', t0 + 1, bound).kind).to.equal('device_mismatch');
    expect(refreshSession(open('phone', bound), 'h0', 'h1', 'phone', t0 + 1, bound).kind).to.equal('rotated');
    expect(refreshSession(open('phone'), 'h0', 'h1', 'laptop', t0 + 1, policy).kind).to.equal('rotated');
  });

  it('when a session is revoked twice, then the first reason and time stay', () => {
    const once = revokeSession(open(), 'logout', t0 + 1);
    expect(revokeSession(once, 'admin_revoked', t0 + 2)).to.equal(once);
  });

  it('when many rotations happen, then only the most recent rotated hashes are kept', () => {
    let session = open();
    for (let i = 0; i < MAX_ROTATED_HASHES + 5; i++) {
      const outcome = refreshSession(session, session.refresh.currentHash, `h${i + 1}`, 'phone', t0 + i, policy);
      if (outcome.kind !== 'rotated') throw new Error('expected rotation');
      session = outcome.session;
    }
    expect(session.refresh.rotatedHashes).to.have.length(MAX_ROTATED_HASHES);
  });
});

describe('refresh tokens', () => {
  it('when a token is issued, then it names its session and only the hash of its secret is kept', () => {
    const token = newRefreshToken('s-1');
    expect(token.token.startsWith('s-1.')).to.equal(true);
    expect(token.token).not.to.include(token.hash);
    expect(parseRefreshToken(token.token)).to.deep.equal({ sessionId: 's-1', hash: token.hash });
    expect(hashSecret(token.token.slice(4))).to.equal(token.hash);
  });

  it('when a token is malformed, then it is not parsed', () => {
    for (const bad of ['', 'nodot', 's1.short', 'bad id!.AAAAAAAAAAAAAAAAAAAAAAAA', `s1.${'A'.repeat(200)}`]) expect(parseRefreshToken(bad), bad).to.equal(null);
  });
});

describe('session events', () => {
  it('when a session is created, revoked or authenticated, then each event matches its schema in proto/', async () => {
    const { schemaErrors } = await import('@idp/common');
    const { eventSchemaId } = await import('@idp/proto');
    const { sessionCreatedEvent, sessionRevokedEvent, userAuthenticatedEvent } = await import('../../src/domain/session-events.js');
    const session = open();
    const revoked = revokeSession(session, 'logout', t0 + 5);
    expect(schemaErrors(eventSchemaId('session.created'), sessionCreatedEvent(session, t0))).to.deep.equal([]);
    expect(schemaErrors(eventSchemaId('user.authenticated'), userAuthenticatedEvent(session, t0))).to.deep.equal([]);
    const event = sessionRevokedEvent(revoked, t0 + 5);
    expect(schemaErrors(eventSchemaId('session.revoked'), event)).to.deep.equal([]);
    expect(event).to.include({ sid: 's1', reason: 'logout', exp: Math.ceil(session.expiresAt / 1000) });
  });
});
