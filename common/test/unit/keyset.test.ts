import { expect } from 'chai';
import { decodeCursor, encodeCursor, isCursorTime, isKeyset } from '../../src/keyset.js';

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('keyset cursors', () => {
  it('when a cursor this API wrote comes back, then it decodes to the same position', () => {
    const keyset = { createdAt: '2026-12-07T06:19:08.123Z', id: 'c-1' };
    expect(decodeCursor(encodeCursor(keyset))).to.deep.equal(keyset);
  });

  it('when a cursor is tampered with, then it is refused (never handed to SQL)', () => {
    const tampered = [
      'WyIxIiwiYSJd', // ["1","a"]: a date to Date.parse, not to PostgreSQL
      cursorOf(['2026-02-30T00:00:00.000Z', 'a']),
      cursorOf(['2026-01-01T24:00:00.000Z', 'a']),
      cursorOf(['0000-01-01T00:00:00.000Z', 'a']),
      cursorOf(['2026-01-01T00:00:00.000+99:00', 'a']),
      cursorOf(['2026-01-01', 'a']),
      cursorOf(['2026-01-01T00:00:00.000Z', 1]),
      cursorOf(['2026-01-01T00:00:00.000Z', 'a', 'extra']),
      cursorOf({ createdAt: '2026-01-01T00:00:00.000Z', id: 'a' }),
      cursorOf(null),
      'not base64 at all',
      '',
    ];
    for (const cursor of tampered) expect(isKeyset(decodeCursor(cursor)), cursor).to.equal(false);
  });

  it('when a timestamp is checked, then only real calendar times in ISO 8601 pass', () => {
    for (const ok of ['2024-02-29T23:59:59Z', '2026-12-07T06:19:08.123456+01:00', '0001-01-01T00:00:00Z']) expect(isCursorTime(ok), ok).to.equal(true);
    for (const bad of ['2023-02-29T00:00:00Z', '2026-04-31T00:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01T00:60:00Z', '2026-01-01T00:00:60Z', '2026-01-01T00:00:00']) {
      expect(isCursorTime(bad), bad).to.equal(false);
    }
  });
});
