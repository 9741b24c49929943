import { expect } from 'chai';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from '../../src/passwords.js';

describe('password hashing', () => {
  it('when a password is hashed, then the stored form is scrypt with its parameters and a random salt', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).to.match(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
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
});
