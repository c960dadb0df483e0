import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { canonicalJson, NotCanonicalJson } from './canonicalJson';

/** Rebuilds a JSON value with every object's keys in a shuffled order. */
const shuffled = (value: unknown, seed: number): unknown => {
  if (Array.isArray(value)) return value.map((item, i) => shuffled(item, seed + i));
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    const order = entries.map((entry, i) => ({ entry, rank: Math.sin(seed * 7919 + i * 104729) }));
    order.sort((a, b) => a.rank - b.rank);
    return Object.fromEntries(order.map(({ entry: [k, v] }, i) => [k, shuffled(v, seed + i + 1)]));
  }
  return value;
};

/**
 * The previous encoder's rules, kept as the oracle for the faster one: a regex for printable ASCII,
 * `JSON.stringify` for every other string. The faster encoder must give exactly its output.
 */
const previousCanonicalJson = (value: unknown): string => {
  const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
  const encode = (v: unknown): string => {
    switch (typeof v) {
      case 'string':
        return PLAIN.test(v) ? `"${v}"` : JSON.stringify(v);
      case 'boolean':
        return v ? 'true' : 'false';
      case 'number':
        if (!Number.isFinite(v)) throw new Error('not finite');
        return Number.isSafeInteger(v) ? String(v === 0 ? 0 : v) : JSON.stringify(v);
      case 'object': {
        if (v === null) return 'null';
        if (Array.isArray(v)) return `[${v.map((item: unknown) => encode(item)).join(',')}]`;
        const record = v as Record<string, unknown>;
        const members = Object.keys(record)
          .sort()
          .filter((key) => record[key] !== undefined)
          .map((key) => `${JSON.stringify(key)}:${encode(record[key])}`);
        return `{${members.join(',')}}`;
      }
      default:
        throw new Error(`a ${typeof v}`);
    }
  };
  return encode(value);
};

/** The string rule of docs/audits.md written out by hand, code unit by code unit, independently of `JSON.stringify`. */
const documentedString = (value: string): string => {
  const named: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r' };
  const hex4 = (unit: number): string => `\\u${unit.toString(16).padStart(4, '0')}`;
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    const next = value.charCodeAt(i + 1); // NaN past the end
    if (named[unit] !== undefined) out += named[unit];
    else if (unit < 0x20) out += hex4(unit);
    else if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += value[i]! + value[i + 1]!; // a surrogate pair: the character as itself
      i += 1;
    } else if (unit >= 0xd800 && unit <= 0xdfff) out += hex4(unit); // an unpaired surrogate
    else out += value[i]!;
  }
  return `${out}"`;
};

/** Strings from any UTF-16 code units, weighted towards the ones the rules treat specially (controls, quotes, surrogates). */
const trickyString = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
    fc.integer({ min: 0, max: 0x1f }).map((unit) => String.fromCharCode(unit)),
    fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
    fc.constantFrom('"', '\\', '/', '\u007f', 'é', '€', '😀', 'a', ' '),
    fc.string({ unit: 'grapheme', maxLength: 1 }),
  ),
  maxLength: 30,
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('orders keys by UTF-16 code units (upper case before lower case, digits first)', () => {
    expect(canonicalJson({ b: 1, B: 2, '1': 3, é: 4, '': 5 })).toBe('{"":5,"1":3,"B":2,"b":1,"é":4}');
  });

  it('writes numbers as ECMAScript does, with -0 as 0', () => {
    expect(canonicalJson([0, -0, 4999, -12, 1.5, 1e21, 2 ** 53 - 1])).toBe('[0,0,4999,-12,1.5,1e+21,9007199254740991]');
  });

  it('escapes only quotes, backslashes, control characters and lone surrogates', () => {
    expect(canonicalJson('a"b\\c/d\n\t\u0001\u001fé€😀\ud800')).toBe('"a\\"b\\\\c/d\\n\\t\\u0001\\u001fé€😀\\ud800"');
  });

  it('leaves out members whose value is undefined, as storage does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it('accepts plain objects from another realm (structured clones) and objects without a prototype', () => {
    expect(canonicalJson(runInNewContext('({ b: [1], a: {} })'))).toBe('{"a":{},"b":[1]}');
    expect(canonicalJson(Object.assign(Object.create(null) as object, { x: 1 }))).toBe('{"x":1}');
  });

  it.each([
    ['a Map', { m: new Map() }, 'm'],
    ['undefined at the root', undefined, ''],
    ['undefined in an array', [1, undefined], '1'],
    ['NaN', { a: Number.NaN }, 'a'],
    ['Infinity', [Infinity], '0'],
    ['a bigint', { n: 1n }, 'n'],
    ['a Date', { when: new Date(0) }, 'when'],
    ['a function', { f: () => 1 }, 'f'],
  ])('refuses %s, naming where it is', (_name, value, path) => {
    expect(() => canonicalJson(value)).toThrow(NotCanonicalJson);
    try {
      canonicalJson(value);
    } catch (error) {
      expect((error as NotCanonicalJson).path).toBe(path);
    }
  });

  it('gives the same text whatever the key order, and reads back as the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer(), (value, seed) => {
        const text = canonicalJson(value);
        expect(canonicalJson(shuffled(value, seed))).toBe(text);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 200 },
    );
  });
  it('gives exactly the output of the previous encoder, over any JSON value and any string (property)', () => {
    const values = fc.oneof(
      fc.jsonValue(),
      fc.jsonValue({ stringUnit: 'binary' }),
      trickyString,
      fc.dictionary(trickyString, fc.oneof(trickyString, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })), { maxKeys: 6 }),
      fc.array(trickyString, { maxLength: 6 }),
    );
    fc.assert(
      fc.property(values, (value) => {
        expect(canonicalJson(value)).toBe(previousCanonicalJson(value));
      }),
      { numRuns: 300 },
    );
  });

  it('writes every string exactly as the documented escaping rule says (property)', () => {
    fc.assert(
      fc.property(trickyString, (value) => {
        expect(canonicalJson(value)).toBe(documentedString(value));
        expect(canonicalJson({ [value]: value })).toBe(`{${documentedString(value)}:${documentedString(value)}}`);
      }),
      { numRuns: 300 },
    );
    expect(documentedString('a"\\\u0000\u007f\ud83d\ude00\udc00')).toBe('"a\\"\\\\\\u0000\u007f😀\\udc00"'); // the hand-written rule itself
  });
});
