import fc from 'fast-check';
import { frozenJsonCopy } from './frozenJsonCopy';

/** The definition the fast copy must agree with: what the store did before, a JSON round trip. */
const roundTrip = (value: unknown): { readonly copy: unknown } | { readonly error: string } => {
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return { error: 'TypeError' };
    return { copy: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: error instanceof Error ? error.name : 'thrown' };
  }
};

const fastCopy = (value: unknown): { readonly copy: unknown } | { readonly error: string } => {
  try {
    return { copy: frozenJsonCopy(value, 'the value') };
  } catch (error) {
    return { error: error instanceof Error ? error.name : 'thrown' };
  }
};

const objectsOf = (value: unknown): object[] => {
  if (typeof value !== 'object' || value === null) return [];
  return [value, ...Object.values(value).flatMap(objectsOf)];
};

/** Values of every kind JSON meets: class instances, boxed values, sparse arrays, -0, NaN, toJSON, bigint… */
const anyValue = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});
const special = fc.constantFrom<unknown>(
  undefined,
  () => 1,
  Symbol('s'),
  -0,
  [-0, NaN, Infinity, undefined, () => 1, Symbol('s')],
  { a: undefined, b: () => 1, c: Symbol('s'), d: NaN, e: -0 },
  JSON.parse('{"__proto__": {"polluted": true}, "x": 1}'),
  { toJSON: () => ({ replaced: true }) },
  { 2: 'two', b: 'b', 1: 'one', a: 'a' },
  Object.assign([1, 2], { extra: 'dropped' }),
);

describe('frozenJsonCopy', () => {
  it('copies every value exactly as a JSON round trip does (same value, same key order, or the same failure)', () => {
    fc.assert(
      fc.property(fc.oneof(anyValue, special, fc.jsonValue()), (value) => {
        const expected = roundTrip(value);
        const actual = fastCopy(value);
        expect(actual).toEqual(expected);
        if ('copy' in actual && 'copy' in expected) expect(JSON.stringify(actual.copy)).toBe(JSON.stringify(expected.copy));
      }),
      { numRuns: 300 },
    );
  });

  it('returns a deeply frozen copy that shares no object with the original', () => {
    fc.assert(
      fc.property(fc.oneof(anyValue, fc.jsonValue()), (value) => {
        const result = fastCopy(value);
        if (!('copy' in result)) return;
        const originals = new Set(objectsOf(value));
        for (const object of objectsOf(result.copy)) {
          expect(Object.isFrozen(object)).toBe(true);
          expect(originals.has(object)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reports cycles and values JSON cannot hold the way JSON does', () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle['self'] = cycle;
    expect(() => frozenJsonCopy(cycle, 'the data of event 0')).toThrow(TypeError);
    expect(() => frozenJsonCopy({ n: 1n }, 'the data of event 0')).toThrow(TypeError);
    expect(() => frozenJsonCopy(undefined, 'the data of event 3')).toThrow('appendToStream: the data of event 3 cannot be stored as JSON');
  });

  it('keeps a __proto__ key as an own property, as JSON.parse does', () => {
    const copy = frozenJsonCopy(JSON.parse('{"__proto__": {"polluted": true}}') as object, 'the data');
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__']);
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
