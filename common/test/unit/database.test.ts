import { expect } from 'chai';
import { isDatabaseUnavailable } from '../../src/database.js';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('database unavailable', () => {
  it('when PostgreSQL is down, shutting down or starting, then the error says so (a 503, not a 500)', () => {
    expect(isDatabaseUnavailable(withCode('ECONNREFUSED'))).to.equal(true);
    expect(isDatabaseUnavailable(withCode('57P01', 'terminating connection due to administrator command'))).to.equal(true);
    expect(isDatabaseUnavailable(withCode('57P03', 'the database system is starting up'))).to.equal(true);
    expect(isDatabaseUnavailable(withCode('08006'))).to.equal(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).to.equal(true);
  });

  it('when a query itself is wrong, or the error is not a database one, then it is not taken for an outage', () => {
    expect(isDatabaseUnavailable(withCode('42P01', 'relation "x" does not exist'))).to.equal(false);
    expect(isDatabaseUnavailable(withCode('23505', 'duplicate key'))).to.equal(false);
    expect(isDatabaseUnavailable(new Error('boom'))).to.equal(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).to.equal(false);
  });
});
