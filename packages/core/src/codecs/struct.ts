import * as t from 'io-ts/lib/index.js';
import { hintJsonSchema } from './jsonSchemaHints';

type RequiredOf<R extends t.Props> = { readonly [K in keyof R]: t.TypeOf<R[K]> };
type OptionalOf<O extends t.Props> = { readonly [K in keyof O]?: t.TypeOf<O[K]> };
type RequiredOutOf<R extends t.Props> = { readonly [K in keyof R]: t.OutputOf<R[K]> };
type OptionalOutOf<O extends t.Props> = { readonly [K in keyof O]?: t.OutputOf<O[K]> };

/** What a struct does with keys it does not declare. */
export type UnknownKeys = 'reject' | 'strip';

/** The decoded type of a struct: required fields plus optional ones (absent, never `undefined`). */
export type StructOf<R extends t.Props, O extends t.Props> = RequiredOf<R> & OptionalOf<O>;

/** The io-ts type of `struct(...)`, exposing its fields for introspection. */
export interface StructType<R extends t.Props, O extends t.Props>
  extends t.Type<StructOf<R, O>, RequiredOutOf<R> & OptionalOutOf<O>, unknown> {
  readonly required: R;
  readonly optional: O;
  /** What the struct does with keys it does not declare. */
  readonly unknownKeys: UnknownKeys;
}

const hasOwn = (value: object, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);

/**
 * An object codec with required and optional fields. Optional fields are omitted when absent (a
 * present `undefined` is treated as absent), which fits `exactOptionalPropertyTypes`. Unknown keys
 * are reported as errors (`'reject'`, the default for commands and configuration, where a typo must
 * not pass silently) or dropped (`'strip'`, for stored events written by newer versions).
 */
export const struct = <R extends t.Props, O extends t.Props = {}>(
  name: string,
  required: R,
  optional: O = {} as O,
  unknownKeys: UnknownKeys = 'reject',
): StructType<R, O> => {
  const requiredKeys = Object.keys(required);
  const optionalKeys = Object.keys(optional);
  const known = new Set([...requiredKeys, ...optionalKeys]);
  const requiredCodecs = requiredKeys.map((key) => required[key]!);
  const optionalCodecs = optionalKeys.map((key) => optional[key]!);
  /**
   * Every field in sorted key order (UTF-16 code units, as `canonicalJson` sorts): `encode` writes the
   * keys in this order, so that the hash chain's canonical encoding of an event needs no sort.
   */
  const encodeOrder = [...requiredKeys.map((key) => ({ key, codec: required[key]!, optional: false })), ...optionalKeys.map((key) => ({ key, codec: optional[key]!, optional: true }))].sort(
    (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  /** The decoded object when every field is valid (and, under `'reject'`, no key is unknown); else undefined. */
  const decodeWithoutPaths = (record: Record<string, unknown>, context: t.Context): Record<string, unknown> | undefined => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < requiredKeys.length; i++) {
      const key = requiredKeys[i]!;
      const result = requiredCodecs[i]!.validate(record[key], context);
      if (result._tag === 'Left') return undefined;
      out[key] = result.right;
    }
    for (let i = 0; i < optionalKeys.length; i++) {
      const key = optionalKeys[i]!;
      const value = record[key];
      if (value === undefined || !hasOwn(record, key)) continue;
      const result = optionalCodecs[i]!.validate(value, context);
      if (result._tag === 'Left') return undefined;
      out[key] = result.right;
    }
    if (unknownKeys === 'reject') {
      for (const key in record) if (hasOwn(record, key) && !known.has(key)) return undefined;
    }
    return out;
  };
  const codec = new t.Type<StructOf<R, O>, RequiredOutOf<R> & OptionalOutOf<O>, unknown>(
    name,
    (u): u is StructOf<R, O> => {
      if (typeof u !== 'object' || u === null || Array.isArray(u)) return false;
      const record = u as Record<string, unknown>;
      return (
        requiredKeys.every((key) => required[key]!.is(record[key])) &&
        optionalKeys.every((key) => record[key] === undefined || optional[key]!.is(record[key]))
      );
    },
    (u, context) => {
      if (typeof u !== 'object' || u === null || Array.isArray(u)) {
        return t.failure(u, context, 'an object');
      }
      const record = u as Record<string, unknown>;
      // Fast path: decode with the parent's context (no context arrays allocated per field). Any
      // failure is thrown away and the slow path below runs again to report exact paths.
      const fast = decodeWithoutPaths(record, context);
      if (fast !== undefined) return t.success(fast as StructOf<R, O>);
      const out: Record<string, unknown> = {};
      const errors: t.ValidationError[] = [];
      const decodeField = (key: string, codec: t.Mixed): void => {
        const result = codec.validate(record[key], t.appendContext(context, key, codec, record[key]));
        if (result._tag === 'Left') errors.push(...result.left);
        else out[key] = result.right;
      };
      for (const key of requiredKeys) decodeField(key, required[key]!);
      for (const key of optionalKeys) {
        if (hasOwn(record, key) && record[key] !== undefined) decodeField(key, optional[key]!);
      }
      if (unknownKeys === 'reject') {
        for (const key of Object.keys(record)) {
          if (!known.has(key)) {
            errors.push({
              value: record[key],
              context: t.appendContext(context, key, t.never, record[key]),
              message: 'no such field',
            });
          }
        }
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out as StructOf<R, O>);
    },
    (value) => {
      const out: Record<string, unknown> = {};
      const record = value as Record<string, unknown>;
      for (const field of encodeOrder) {
        const item = record[field.key];
        if (!field.optional || item !== undefined) out[field.key] = field.codec.encode(item);
      }
      return out as RequiredOutOf<R> & OptionalOutOf<O>;
    },
  );
  return Object.assign(codec, { required, optional, unknownKeys });
};

/**
 * A codec for a string literal union with a readable expectation (`one of "A", "B"`).
 */
export const literalUnion = <const L extends readonly [string, ...string[]]>(name: string, values: L): t.Type<L[number], L[number], unknown> => {
  const allowed = new Set<string>(values);
  const expected = `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  const codec = new t.Type<L[number], L[number], unknown>(
    name,
    (u): u is L[number] => typeof u === 'string' && allowed.has(u),
    (u, c) => (typeof u === 'string' && allowed.has(u) ? t.success(u as L[number]) : t.failure(u, c, expected)),
    t.identity,
  );
  return hintJsonSchema(codec, () => ({ enum: [...values] }));
};

/** A codec that refines another with a predicate, failing with the given expectation. */
export const refine = <A, O>(
  base: t.Type<A, O, unknown>,
  predicate: (a: A) => boolean,
  name: string,
  expected: string,
): t.Type<A, O, unknown> =>
  new t.Type<A, O, unknown>(
    name,
    (u): u is A => base.is(u) && predicate(u),
    (u, c) => {
      const result = base.validate(u, c);
      if (result._tag === 'Left') return result;
      return predicate(result.right) ? result : t.failure(u, c, expected);
    },
    base.encode,
  );

/** A read-only array codec whose element errors carry the index in their path. */
export const arrayOf = <C extends t.Mixed>(item: C, name = `Array<${item.name}>`, maxLength = Number.MAX_SAFE_INTEGER) =>
  hintJsonSchema(new t.Type<ReadonlyArray<t.TypeOf<C>>, ReadonlyArray<t.OutputOf<C>>, unknown>(
    name,
    (u): u is ReadonlyArray<t.TypeOf<C>> => Array.isArray(u) && u.length <= maxLength && u.every((x) => item.is(x)),
    (u, c) => {
      if (!Array.isArray(u)) return t.failure(u, c, 'an array');
      if (u.length > maxLength) return t.failure(u, c, `an array of at most ${maxLength} items`);
      // Fast path without per-item contexts; on any failure the loop below reports exact paths.
      const fast: unknown[] = new Array(u.length);
      let valid = true;
      for (let i = 0; i < u.length; i++) {
        const r = item.validate(u[i], c);
        if (r._tag === 'Left') {
          valid = false;
          break;
        }
        fast[i] = r.right;
      }
      if (valid) return t.success(fast);
      const out: unknown[] = [];
      const errors: t.ValidationError[] = [];
      u.forEach((x, i) => {
        const r = item.validate(x, t.appendContext(c, String(i), item, x));
        if (r._tag === 'Left') errors.push(...r.left);
        else out.push(r.right);
      });
      return errors.length > 0 ? t.failures(errors) : t.success(out);
    },
    (a) => a.map((x) => item.encode(x)),
  ), (schemaOf) => ({ type: 'array', items: schemaOf(item), ...(maxLength < Number.MAX_SAFE_INTEGER ? { maxItems: maxLength } : {}) }));
