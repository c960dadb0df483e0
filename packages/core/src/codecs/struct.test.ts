import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts/lib/index.js';
import { arrayOf, literalUnion, refine, struct } from './struct';
import { Flag, safeIntegerAtLeast } from './text';

/** The object, literal-union, refinement and array codecs every message is built from. */
const Point = struct('Point', { x: safeIntegerAtLeast(0), y: safeIntegerAtLeast(0) }, { label: t.string });
const LoosePoint = struct('LoosePoint', { x: safeIntegerAtLeast(0) }, {}, 'strip');
const messages = (result: E.Either<t.Errors, unknown>) => (E.isLeft(result) ? result.left.map((e) => `${e.context.map((c) => c.key).join('/')}: ${e.message}`) : []);

describe('struct', () => {
  it('decodes required and optional fields, omitting absent or undefined optional ones', () => {
    expect(Point.decode({ x: 1, y: 2 })).toEqual(E.right({ x: 1, y: 2 }));
    expect(Point.decode({ x: 1, y: 2, label: 'a' })).toEqual(E.right({ x: 1, y: 2, label: 'a' }));
    const withUndefined = Point.decode({ x: 1, y: 2, label: undefined });
    expect(withUndefined).toEqual(E.right({ x: 1, y: 2 }));
    expect(E.isRight(withUndefined) && 'label' in withUndefined.right).toBe(false);
  });

  it('rejects unknown keys by default, naming each, together with field errors', () => {
    expect(messages(Point.decode({ x: -1, y: 2, z: 3 }))).toEqual(['/x: a safe integer ≥ 0', '/z: no such field']);
  });

  it('drops unknown keys in strip mode', () => {
    expect(LoosePoint.decode({ x: 1, extra: true })).toEqual(E.right({ x: 1 }));
  });

  it('rejects non-objects, arrays and null', () => {
    for (const value of [null, [1], 'x', 3]) expect(messages(Point.decode(value))).toEqual([': an object']);
  });

  it('is() checks required and present optional fields', () => {
    expect(Point.is({ x: 1, y: 2 })).toBe(true);
    expect(Point.is({ x: 1, y: 2, label: 3 })).toBe(false);
    expect(Point.is({ x: 1 })).toBe(false);
    expect(Point.is([1, 2])).toBe(false);
    expect(Point.is(null)).toBe(false);
  });

  it('is() accepts exactly what decode() accepts: unknown keys refused by default, allowed in strip mode', () => {
    expect(Point.is({ x: 1, y: 2, z: 3 })).toBe(false);
    expect(E.isRight(Point.decode({ x: 1, y: 2, z: 3 }))).toBe(false);
    expect(LoosePoint.is({ x: 1, extra: true })).toBe(true);
    expect(Point.is({ x: 1, y: 2, label: undefined })).toBe(true);
    // An inherited optional field is not read by decode(), so is() does not read it either.
    const inherited = Object.assign(Object.create({ label: 3 }) as object, { x: 1, y: 2 });
    expect(E.isRight(Point.decode(inherited))).toBe(true);
    expect(Point.is(inherited)).toBe(true);
  });

  it('encodes without undefined optional fields, and exposes its fields', () => {
    expect(Point.encode({ x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
    expect(Point.encode({ x: 1, y: 2, label: 'p' })).toEqual({ x: 1, y: 2, label: 'p' });
    expect(Object.keys(Point.required)).toEqual(['x', 'y']);
    expect(Object.keys(Point.optional)).toEqual(['label']);
  });
});

describe('literalUnion', () => {
  const Colour = literalUnion('Colour', ['RED', 'GREEN'] as const);
  it('accepts its values and explains the others', () => {
    expect(Colour.decode('RED')).toEqual(E.right('RED'));
    expect(messages(Colour.decode('BLUE'))).toEqual([': one of "RED", "GREEN"']);
    expect(Colour.is('GREEN')).toBe(true);
    expect(Colour.is(1)).toBe(false);
  });
});

describe('refine', () => {
  const Even = refine(safeIntegerAtLeast(0), (n) => n % 2 === 0, 'Even', 'an even number');
  it('keeps the base errors and adds its own', () => {
    expect(Even.decode(4)).toEqual(E.right(4));
    expect(messages(Even.decode(3))).toEqual([': an even number']);
    expect(messages(Even.decode(-2))).toEqual([': a safe integer ≥ 0']);
    expect(Even.is(2)).toBe(true);
    expect(Even.is(3)).toBe(false);
    expect(Even.encode(2)).toBe(2);
  });
});

describe('arrayOf', () => {
  const Flags = arrayOf(Flag, 'Flags', 2);
  it('decodes arrays, with element errors at their index', () => {
    expect(Flags.decode([true, false])).toEqual(E.right([true, false]));
    expect(messages(Flags.decode([true, 'no']))).toEqual(['/1: true or false']);
  });

  it('rejects non-arrays and arrays over the limit', () => {
    expect(messages(Flags.decode('x'))).toEqual([': an array']);
    expect(messages(Flags.decode([true, true, true]))).toEqual([': an array of at most 2 items']);
    expect(Flags.is([true])).toBe(true);
    expect(Flags.is([true, true, true])).toBe(false);
    expect(Flags.is([1])).toBe(false);
    expect(Flags.encode([true])).toEqual([true]);
  });

  it('has a default name and no practical limit', () => {
    const Any = arrayOf(Flag);
    expect(Any.name).toBe('Array<boolean>');
    expect(E.isRight(Any.decode(new Array(500).fill(true)))).toBe(true);
  });
});
