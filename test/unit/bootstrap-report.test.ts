import { expect } from 'chai';
import { bootstrapReport } from '../../scripts/runtime/bootstrap-report.js';

const line = (entry: object) => JSON.stringify({ level: 'info', ...entry });

describe('npm start: the first administrator report', () => {
  it('when the latest start logged a password mismatch, then it is reported with the hint; an older start\'s mismatch is not', () => {
    const mismatch = line({ level: 'error', message: 'bootstrap administrator password mismatch', email: 'admin@identity.local', hint: 'run npm run admin:reset-password' });
    const older = `=== 2026-12-06T10:00:00.000Z node dist/main.js\n${mismatch}\n=== exited code=0 signal=null\n`;
    const latestOk = `=== 2026-12-07T10:00:00.000Z node dist/main.js\n${line({ message: 'bootstrap administrator already exists', userId: 'u1' })}\n`;
    expect(bootstrapReport(older + latestOk)).to.deep.equal({ kind: 'ok' });
    const latestBad = `=== 2026-12-07T11:00:00.000Z node dist/main.js\nnot json\n${line({ message: 'bootstrap administrator already exists' })}\n${mismatch}\n`;
    expect(bootstrapReport(older + latestBad)).to.deep.equal({ kind: 'mismatch', email: 'admin@identity.local', hint: 'run npm run admin:reset-password' });
  });

  it('when the user app has not got to the bootstrap yet, then it is pending', () => {
    expect(bootstrapReport(`=== 2026-12-07T10:00:00.000Z node\n${line({ message: 'listening' })}\n{broken`)).to.deep.equal({ kind: 'pending' });
  });
});
