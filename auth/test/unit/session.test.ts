import { expect } from 'chai';
import { inactivity, isActive, MAX_ROTATED_HASHES, openSession, refreshSession, revokeSession, withLastRotation, type SessionPolicy } from '../../src/domain/session.js';
import { hashSecret, newRefreshToken, openAnswer, parseRefreshToken, sealAnswer } from '../../src/domain/refresh-token.js';

const policy: SessionPolicy = { absoluteTtlMs: 1000_000, idleTimeoutMs: 100_000, deviceBinding: false, reuseGraceMs: 0 };
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

  it('when no grace window is set, then the duplicate of the last refresh revokes the session and nothing of its answer is kept', () => {
    const rotated = refreshSession(open(), 'h0', 'h1', 'phone', t0 + 1, policy);
    if (rotated.kind !== 'rotated') throw new Error('expected rotation');
    const kept = withLastRotation(rotated.session, 'h0', t0 + 1, 'sealed', policy);
    expect(kept.refresh.last).to.equal(undefined);
    expect(refreshSession(kept, 'h0', 'h2', 'phone', t0 + 2, policy).kind).to.equal('reuse');
  });

  it('when a grace window is set, then the duplicate of the last refresh within it gets that answer again, and a reuse after it (or of an older token) revokes', () => {
    const graced = { ...policy, reuseGraceMs: 10_000 };
    const first = refreshSession(open('phone', graced), 'h0', 'h1', 'phone', t0 + 1, graced);
    if (first.kind !== 'rotated') throw new Error('expected rotation');
    const kept = withLastRotation(first.session, 'h0', t0 + 1, 'answer-1', graced);
    expect(refreshSession(kept, 'h0', 'hx', 'phone', t0 + 10_001, graced)).to.deep.equal({ kind: 'replay', sealedAnswer: 'answer-1' });
    expect(refreshSession(kept, 'h0', 'hx', 'phone', t0 + 10_002, graced).kind).to.equal('reuse');
    // Once the rotated token was used in turn, the first one is an old token: reuse.
    const second = refreshSession(kept, 'h1', 'h2', 'phone', t0 + 2, graced);
    if (second.kind !== 'rotated') throw new Error('expected rotation');
    expect(second.session.refresh.last).to.equal(undefined);
    const keptAgain = withLastRotation(second.session, 'h1', t0 + 2, 'answer-2', graced);
    expect(refreshSession(keptAgain, 'h0', 'hx', 'phone', t0 + 3, graced).kind).to.equal('reuse');
    expect(refreshSession(keptAgain, 'h1', 'hx', 'phone', t0 + 3, graced)).to.deep.equal({ kind: 'replay', sealedAnswer: 'answer-2' });
    // A revoked session repeats nothing.
    expect(refreshSession(revokeSession(keptAgain, 'logout', t0 + 3), 'h1', 'hx', 'phone', t0 + 4, graced).kind).to.equal('inactive');
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
    expect(parseRefreshToken(token.token)).to.deep.equal({ sessionId: 's-1', hash: token.hash, secret: token.token.slice(4) });
    expect(hashSecret(token.token.slice(4))).to.equal(token.hash);
  });

  it('when an answer is sealed for a token, then only that token opens it, and an altered seal opens for nobody', () => {
    const presented = parseRefreshToken(newRefreshToken('s-1').token)!;
    const other = parseRefreshToken(newRefreshToken('s-1').token)!;
    const sealed = sealAnswer(presented, { accessToken: 'a', refreshToken: 'r' });
    expect(sealed).not.to.include('"r"');
    expect(openAnswer(presented, sealed)).to.deep.equal({ accessToken: 'a', refreshToken: 'r' });
    expect(openAnswer(other, sealed)).to.equal(null);
    expect(openAnswer({ ...presented, sessionId: 's-2' }, sealed)).to.equal(null);
    const [iv, tag, body] = sealed.split('.');
    expect(openAnswer(presented, [iv, tag, `A${body!.slice(1)}`].join('.'))).to.equal(null);
    expect(openAnswer(presented, 'garbage')).to.equal(null);
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
