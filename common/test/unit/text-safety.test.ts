import { expect } from 'chai';
import { unsafeTextErrors } from '../../src/text-safety.js';
import { assertValid } from '../../src/validation.js';
import { AppError } from '../../src/errors.js';
import { requestSchemaId } from '@idp/proto';

describe('unsafe text in requests', () => {
  it('when any string holds NUL, another control character or a lone surrogate, then its field is named', () => {
    const body = { firstName: 'Ann\u0000', lastName: 'ok', address: { line1: 'a\u001bb', tags: ['fine', 'x\ud800'] }, 'k\u0007': 1, note: 'c\u0085' };
    expect(unsafeTextErrors(body).map((e) => e.pointer)).to.deep.equal(['/firstName', '/address/line1', '/address/tags/1', '/k\u0007', '/note']);
  });

  it('when text is ordinary (accents, emoji as proper pairs, line breaks in a description), then nothing is reported', () => {
    expect(unsafeTextErrors({ firstName: 'Zoë 😀', description: 'line one\nline two\ttab\r\n', n: 3, b: true, z: null })).to.deep.equal([]);
    expect(unsafeTextErrors({ firstName: 'two\nlines' })).to.have.length(1);
  });

  it('when a body is nested deeper than any request, then it is refused without walking it all (no stack overflow)', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unsafeTextErrors({ rules: deep })).to.deep.equal([{ pointer: '/rules' + '/0'.repeat(31), detail: 'is nested more than 32 levels deep' }]);
  });

  it('when a request schema validates such a body, then it is a 400 that names the field', () => {
    try {
      assertValid(requestSchemaId('customer-group.create'), { name: 'VIP\u0000' });
      expect.fail('accepted');
    } catch (error) {
      expect(error).to.be.instanceOf(AppError);
      expect((error as AppError).status).to.equal(400);
      expect((error as AppError).options.errors).to.deep.equal([{ pointer: '/name', detail: 'must not contain control characters' }]);
    }
  });
});
