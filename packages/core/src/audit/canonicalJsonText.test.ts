import fc from 'fast-check';
import { runsFor } from '../testing/internal/fullRuns';
import { canonicalJson } from './canonicalJson';
import { CANONICAL_TEXT_MAX_DEPTH, isCanonicalJsonText } from './canonicalJsonText';

const RUNS = runsFor(400, 10_000);

/** The definition `isCanonicalJsonText` must answer: the text parses and is its value's canonical JSON. */
const oracle = (text: string): boolean => {
  try {
    return canonicalJson(JSON.parse(text)) === text;
  } catch {
    return false;
  }
};

/** Strings of any code units, weighted towards those canonical JSON treats specially (controls, quotes, backslashes, surrogates, non-ASCII). */
const trickyString = fc.string({
  unit: fc.oneof(
    fc.constantFrom('a', 'b', 'B', '1', '"', '\\', '/', '\u007f', 'é', '€', '😀', '\u2028', '\n', '\u0000', '\u001f'),
    fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
    fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
    fc.string({ unit: 'grapheme', maxLength: 1 }),
  ),
  maxLength: 8,
});

/** Numbers of every kind canonical JSON writes differently: -0, integers around 2^53, fractions, tiny and huge magnitudes. */
const trickyNumber = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 2 ** 53 - 1, 2 ** 53, -(2 ** 53), 1e21, 1e-7, 5e-324, 1.7976931348623157e308, 0.1, 123.456),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.maxSafeInteger(),
);

/** JSON values with tricky keys, strings and numbers (objects built key by key, so in any key order). */
const { value: trickyValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false),
    trickyNumber,
    trickyString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(trickyString, tie('value'), { maxKeys: 4 }),
  ),
}));

/** Any JSON value, from fast-check's own generators and the tricky one. */
const anyValue = fc.oneof(fc.jsonValue(), fc.jsonValue({ stringUnit: 'binary' }), fc.jsonValue({ stringUnit: 'grapheme' }), trickyValue);

/** The same value written canonically and as `JSON.stringify` writes it (keys unsorted, -0 as 0, strings escaped alike). */
const writtenText = anyValue.chain((value) => fc.constantFrom(canonicalJson(value), JSON.stringify(value)));

/** Characters an edit puts in: JSON's punctuation, digits and number parts, escapes, whitespace, non-ASCII and a lone surrogate. */
const editUnit = fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', ':', '-', '+', '0', '1', '9', '.', 'e', 'E', 'u', 'a', 'n', ' ', '\n', 'é', '\ud800', '/');

/** A text with one random edit: a character replaced, inserted or deleted. */
const editedText = fc
  .tuple(writtenText, fc.nat(), fc.constantFrom('replace', 'insert', 'delete'), editUnit)
  .map(([text, at, edit, unit]) => {
    const i = text.length === 0 ? 0 : at % (text.length + (edit === 'insert' ? 1 : 0));
    if (edit === 'insert') return text.slice(0, i) + unit + text.slice(i);
    if (edit === 'delete') return text.slice(0, i) + text.slice(i + 1);
    return text.slice(0, i) + unit + text.slice(i + 1);
  });

/** Number tokens canonical or nearly so (`-0`, `1.0`, `1e2`, `01`, an upper-case exponent, digits past 2^53), and numbers as ECMAScript writes them. */
const numberToken = fc.oneof(
  { arbitrary: trickyNumber.map((value) => String(value)), weight: 3 },
  { arbitrary: fc.constantFrom('0', '-0', '1', '-1', '1.0', '1.5', '1e2', '1e+21', '1E+21', '1e21', '01', '-01', '9007199254740993', '0.1', '5e-324', '1e400', '-', '.5', '+1'), weight: 1 },
);

/** Pieces of string literals, each written canonically or in another valid or invalid way (escaped or raw, upper- or lower-case hex). */
const stringPiece = fc.oneof(
  { arbitrary: fc.constantFrom('a', 'b', 'é', '/', '\\u001f', '\\n', '\\"', '\\\\', '😀', '\\ud800', '\u2028'), weight: 4 },
  { arbitrary: fc.constantFrom('\\/', '\\u00e9', '\\u00E9', '\\u001F', '\\u000a', '\\ud83d\\ude00', '\\uD800', '\ud800', '\u0001', '\\x'), weight: 1 },
);

/** Object keys from a small set, so that duplicates are frequent, some the same key written two ways (`é` and `\u00e9`). */
const keyLiteral = fc.constantFrom('""', '"a"', '"b"', '"B"', '"10"', '"2"', '"é"', '"\\u00e9"', '"😀"', '"\\ud83d\\ude00"', '"\\""', '"\uffff"', '"\\ud800"', '"\\u0001"');

/** The value of a key literal, for sorting (the literal itself when it is not valid JSON). */
const keyValue = (literal: string): string => {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal;
  }
};

/** JSON texts written piece by piece, nearly canonical: objects sorted by key or not, with duplicate keys, every number token and string piece above. */
const { text: pieceText } = fc.letrec((tie) => ({
  text: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('null', 'true', 'false'),
    numberToken,
    fc.array(stringPiece, { maxLength: 3 }).map((pieces) => `"${pieces.join('')}"`),
    fc.array(tie('text'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
    fc.tuple(fc.array(fc.tuple(keyLiteral, tie('text')), { maxLength: 5 }), fc.boolean()).map(([members, sort]) => {
      const ordered = sort ? [...members].sort(([a], [b]) => (keyValue(a) < keyValue(b) ? -1 : keyValue(a) > keyValue(b) ? 1 : 0)) : members;
      return `{${ordered.map(([key, value]) => `${key}:${value}`).join(',')}}`;
    }),
  ),
}));

/** Checks the property over `texts`, and returns how many texts were canonical and how many not (so that a run is shown not vacuous). */
const checkAgainstOracle = (texts: fc.Arbitrary<string>): { canonical: number; other: number } => {
  const seen = { canonical: 0, other: 0 };
  fc.assert(
    fc.property(texts, (text) => {
      const expected = oracle(text);
      expect(isCanonicalJsonText(text)).toBe(expected);
      if (expected) seen.canonical += 1;
      else seen.other += 1;
    }),
    { numRuns: RUNS },
  );
  return seen;
};

describe('isCanonicalJsonText', () => {
  it('answers exactly whether the text parses and is its value canonical JSON, for canonical JSON texts (property)', () => {
    const seen = checkAgainstOracle(anyValue.map((value) => canonicalJson(value)));
    expect(seen.canonical).toBe(RUNS); // canonical JSON is its own canonical JSON (none of these is nested past the limit)
  });

  it('answers exactly the same for JSON.stringify texts (unsorted keys, escapes), both answers occurring (property)', () => {
    const seen = checkAgainstOracle(anyValue.map((value) => JSON.stringify(value)));
    expect(seen.canonical).toBeGreaterThan(RUNS / 10);
    expect(seen.other).toBeGreaterThan(RUNS / 10);
  });

  it('answers exactly the same for texts with one character replaced, inserted or deleted, both answers occurring (property)', () => {
    const seen = checkAgainstOracle(editedText);
    expect(seen.canonical).toBeGreaterThan(RUNS / 50);
    expect(seen.other).toBeGreaterThan(RUNS / 2);
  });

  it('answers exactly the same for texts written piece by piece (duplicate keys, number and string variants), both answers occurring (property)', () => {
    const seen = checkAgainstOracle(pieceText);
    expect(seen.canonical).toBeGreaterThan(RUNS / 10);
    expect(seen.other).toBeGreaterThan(RUNS / 10);
  });

  it.each([
    ['0', true],
    ['-0', false],
    ['-1', true],
    ['1.0', false],
    ['1.5', true],
    ['1e2', false],
    ['100', true],
    ['1e+21', true],
    ['1E+21', false],
    ['1e21', false],
    ['01', false],
    ['+1', false],
    ['.5', false],
    ['0.5', true],
    ['1.', false],
    ['9007199254740991', true],
    ['9007199254740992', true],
    ['9007199254740993', false], // reads back as ...992
    ['123456789012345', true],
    ['1e400', false], // Infinity: no canonical JSON
    ['-', false],
    ['5e-324', true],
    ['1e-7', true],
    ['0.0000001', false],
  ])('numbers: %s is %s', (text, expected) => {
    expect(oracle(text)).toBe(expected);
    expect(isCanonicalJsonText(text)).toBe(expected);
  });

  it.each([
    ['"a/b"', true],
    ['"a\\/b"', false],
    ['"é"', true],
    ['"\\u00e9"', false],
    ['"\\u00E9"', false],
    ['"\\u001f"', true],
    ['"\\u001F"', false],
    ['"\u001f"', false], // a raw control character is not JSON
    ['"\\n"', true],
    ['"\\u000a"', false],
    ['"\\""', true],
    ['"\\\\"', true],
    ['"\\x"', false],
    ['"😀"', true],
    ['"\\ud83d\\ude00"', false],
    ['"\\ud800"', true],
    ['"\\uD800"', false],
    ['"\ud800"', false], // a raw lone surrogate is written escaped
    ['"\udc00\ud800"', false],
    ['"\u2028"', true],
    ['"abc', false],
    ['"\\"', false],
  ])('strings: %s is %s', (text, expected) => {
    expect(oracle(text)).toBe(expected);
    expect(isCanonicalJsonText(text)).toBe(expected);
  });

  it.each([
    ['{}', true],
    ['[]', true],
    ['{"a":1,"b":2}', true],
    ['{"b":2,"a":1}', false],
    ['{"a":1,"a":1}', false], // duplicate keys
    ['{"a":1,"a":2}', false],
    ['{"":0,"1":1,"10":2,"2":3,"B":4,"b":5,"é":6,"😀":7,"\uffff":8}', true],
    ['{"\uffff":1,"😀":2}', false], // UTF-16 code units: U+FFFF comes after the surrogates of U+1F600
    ['{"a":1,"é":2,"\\u0001":3}', false],
    ['{"\\u0001":3,"a":1,"é":2}', true],
    ['{"\\"":1,"\\\\":2}', true],
    ['{"\\\\":2,"\\"":1}', false],
    ['{"__proto__":1}', true],
    ['{"a":[1,{"b":null,"c":[true,false]}]}', true],
    ['{ "a":1}', false],
    ['{"a": 1}', false],
    ['[1, 2]', false],
    [' 1', false],
    ['1 ', false],
    ['1\n', false],
    ['{"a":1}x', false],
    ['{"a":1}}', false],
    ['[1,]', false],
    ['[,1]', false],
    ['{"a":1,}', false],
    ['{"a"}', false],
    ['{a:1}', false],
    ['nul', false],
    ['nulll', false],
    ['True', false],
    ['', false],
    ['\ufeff{}', false],
  ])('objects, arrays and the whole text: %s is %s', (text, expected) => {
    expect(oracle(text)).toBe(expected);
    expect(isCanonicalJsonText(text)).toBe(expected);
  });

  it('accepts nesting up to its depth limit and answers false beyond it, however deep', () => {
    const nested = (depth: number, inner = '1'): string => '[{"a":'.repeat(depth / 2) + inner + '}]'.repeat(depth / 2);
    expect(isCanonicalJsonText(nested(CANONICAL_TEXT_MAX_DEPTH))).toBe(true);
    expect(oracle(nested(CANONICAL_TEXT_MAX_DEPTH + 2))).toBe(true);
    expect(isCanonicalJsonText(nested(CANONICAL_TEXT_MAX_DEPTH + 2))).toBe(false); // conservative: false only costs a parse
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(isCanonicalJsonText(deep)).toBe(false);
  });
});
