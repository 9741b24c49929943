import { expect } from 'chai';
import { scryptSync } from 'node:crypto';
import { DUMMY_PASSWORD_HASH, hashPassword, needsRehash, verifyPassword } from '../../src/passwords.js';

describe('password hashing', () => {
  it('when a password is hashed, then the stored form is scrypt with its parameters and a random salt', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).to.match(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.to.equal(b);
    expect(a).not.to.include('correct horse');
  });

  it('when the right password is checked, then it verifies; a wrong one, a malformed hash or the dummy hash do not', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', stored)).to.equal(true);
    expect(await verifyPassword('correct horse batterY', stored)).to.equal(false);
    expect(await verifyPassword('anything', 'md5$abc')).to.equal(false);
    expect(await verifyPassword('anything', DUMMY_PASSWORD_HASH)).to.equal(false);
  });

  it('when a hash was made at the old cost (N=2^14), then it still verifies and asks to be re-hashed; a current one does not', async () => {
    const salt = Buffer.alloc(16, 7);
    const old = `scrypt$16384$8$1$${salt.toString('base64')}$${scryptSync('correct horse battery', salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64')}`;
    expect(await verifyPassword('correct horse battery', old)).to.equal(true);
    expect(needsRehash(old)).to.equal(true);
    expect(needsRehash(await hashPassword('x'))).to.equal(false);
    expect(needsRehash('garbage')).to.equal(true);
  });

  it('when a stored hash names absurd parameters, then it is refused without running them', async () => {
    expect(await verifyPassword('x', 'scrypt$1073741824$8$1$AAAA$AAAA')).to.equal(false);
    expect(await verifyPassword('x', 'scrypt$NaN$8$1$AAAA$AAAA')).to.equal(false);
  });
});
