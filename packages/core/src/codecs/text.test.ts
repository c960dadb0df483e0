import * as E from 'fp-ts/lib/Either.js';
import { boundedText, Flag, LongText, Note, safeIntegerAtLeast } from './text';

/** Text, integer and boolean codecs. */
describe('boundedText', () => {
  const Short = boundedText('Short', 5);
  it('accepts non-blank text up to the limit', () => {
    expect(Short.decode('abcde')).toEqual(E.right('abcde'));
    expect(Short.is(' a ')).toBe(true);
  });

  it.each([['blank', '   '], ['empty', ''], ['too long', 'abcdef'], ['not text', 5]])('rejects %s', (_what, value) => {
    const result = Short.decode(value);
    expect(E.isLeft(result) && result.left[0]?.message).toBe('non-blank text of at most 5 characters');
    expect(Short.is(value)).toBe(false);
  });

  it('Note allows 2,000 characters and LongText 10,000', () => {
    expect(E.isRight(Note.decode('n'.repeat(2_000)))).toBe(true);
    expect(E.isLeft(Note.decode('n'.repeat(2_001)))).toBe(true);
    expect(E.isRight(LongText.decode('n'.repeat(10_000)))).toBe(true);
    expect(E.isLeft(LongText.decode('n'.repeat(10_001)))).toBe(true);
  });
});

describe('safeIntegerAtLeast', () => {
  const AtLeastOne = safeIntegerAtLeast(1);
  it('accepts safe integers from the minimum', () => {
    expect(AtLeastOne.decode(1)).toEqual(E.right(1));
    expect(AtLeastOne.decode(Number.MAX_SAFE_INTEGER)).toEqual(E.right(Number.MAX_SAFE_INTEGER));
    expect(AtLeastOne.name).toBe('SafeIntegerAtLeast1');
  });

  it.each([0, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN, Number.POSITIVE_INFINITY, '2'])('rejects %p', (value) => {
    const result = AtLeastOne.decode(value);
    expect(E.isLeft(result) && result.left[0]?.message).toBe('a safe integer ≥ 1');
    expect(AtLeastOne.is(value)).toBe(false);
  });
});

describe('Flag', () => {
  it('accepts booleans only', () => {
    expect(Flag.decode(false)).toEqual(E.right(false));
    expect(Flag.is(true)).toBe(true);
    for (const value of ['true', 0, 1, null]) {
      const result = Flag.decode(value);
      expect(E.isLeft(result) && result.left[0]?.message).toBe('true or false');
    }
  });
});
