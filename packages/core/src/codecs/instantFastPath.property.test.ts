import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts/lib/index.js';
import { Instant, instantFromMillis, isBefore, isCanonicalInstant, millisOf, parseInstantMillis } from './instant';
import { arrayOf, struct } from './struct';

/** The definition the fast path must agree with: the slow check the codec used before it. */
const slowCanonical = (text: string): boolean => parseInstantMillis(text) !== undefined && instantFromMillis(Date.parse(text)) === text;

const MIN = Date.UTC(1970, 0, 1);
const MAX = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const canonical = fc.integer({ min: MIN, max: MAX }).map(instantFromMillis);
/** Canonical-looking text with one character changed: mostly invalid, sometimes another valid instant. */
const mutated = fc
  .tuple(canonical, fc.nat({ max: 23 }), fc.constantFrom(...'0123456789-:.TZ+ x'.split('')))
  .map(([text, at, ch]) => text.slice(0, at) + ch + text.slice(at + 1));
const anyText = fc.oneof(canonical, mutated, fc.string(), fc.constantFrom('2026-02-29T10:00:00.000Z', '2024-02-29T10:00:00.000Z', '1969-12-31T23:59:59.999Z'));

describe('the Instant fast path', () => {
  it('accepts exactly the canonical instants the slow check accepts', () => {
    fc.assert(fc.property(anyText, (text) => isCanonicalInstant(text) === slowCanonical(text)), { numRuns: 300 });
  });

  it('decodes every text as the slow path did (same value or a failure)', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const decoded = Instant.decode(text);
        const millis = parseInstantMillis(text);
        return millis === undefined ? E.isLeft(decoded) : E.isRight(decoded) && decoded.right === instantFromMillis(millis);
      }),
      { numRuns: 300 },
    );
  });

  it('orders canonical instants as their milliseconds do', () => {
    fc.assert(
      fc.property(canonical, canonical, (a, b) => isBefore(a as Instant, b as Instant) === millisOf(a as Instant) < millisOf(b as Instant)),
      { numRuns: 300 },
    );
  });
});

describe('the struct and array fast paths', () => {
  const Inner = struct('Inner', { at: Instant, n: t.number }, { note: t.string });
  const Outer = struct('Outer', { inner: Inner, list: arrayOf(Inner) }, {}, 'reject');
  const field = fc.oneof(canonical, fc.string(), fc.integer(), fc.constant(undefined));
  const inner = fc.record({ at: field, n: fc.oneof(fc.integer(), fc.string()), note: fc.oneof(fc.string(), fc.constant(undefined), fc.integer()) }, { requiredKeys: [] });
  const outer = fc.record({ inner, list: fc.array(inner, { maxLength: 3 }), extra: fc.integer() }, { requiredKeys: ['inner', 'list'] });

  it('report the same paths on failure and the same value on success as a field-by-field decode', () => {
    fc.assert(
      fc.property(outer, (value) => {
        const decoded = Outer.decode(value);
        const innerOk = (x: Record<string, unknown>) =>
          Instant.is(x['at']) && typeof x['n'] === 'number' && (x['note'] === undefined || typeof x['note'] === 'string');
        const valid = innerOk(value.inner) && value.list.every(innerOk) && !('extra' in value);
        if (!valid) {
          if (E.isRight(decoded)) return false;
          // every reported error names a real path into the value
          return decoded.left.every((error) => error.context.length >= 1 && error.context[0]!.key === '');
        }
        return E.isRight(decoded) && JSON.stringify(decoded.right) === JSON.stringify(value);
      }),
      { numRuns: 300 },
    );
  });

  it('names the failing item of an array and the failing field', () => {
    const decoded = Outer.decode({ inner: { at: '2026-03-01T10:00:00.000Z', n: 1 }, list: [{ at: '2026-03-01T10:00:00.000Z', n: 1 }, { at: 'soon', n: 2 }] });
    expect(E.isLeft(decoded) && decoded.left.map((e) => e.context.map((c) => c.key).join('.'))).toEqual(['.list.1.at']);
  });
});
