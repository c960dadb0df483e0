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
});
