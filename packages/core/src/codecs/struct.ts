import * as t from 'io-ts/lib/index.js';
import { describeCodec } from './exactDecode';
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

/** One declared field of a struct. */
interface Field {
  readonly key: string;
  readonly codec: t.Mixed;
  readonly optional: boolean;
}

/** What `is`, `validate` and `encode` of one struct share. */
interface Shape {
  /** Required fields, then optional ones, each group in declaration order. */
  readonly fields: ReadonlyArray<Field>;
  /**
   * Every field in sorted key order (UTF-16 code units, as `canonicalJson` sorts): `encode` writes the
   * keys in this order, so that the hash chain's canonical encoding of an event needs no sort.
   */
  readonly encodeOrder: ReadonlyArray<Field>;
  readonly known: ReadonlySet<string>;
  readonly unknownKeys: UnknownKeys;
}

const shapeOf = (required: t.Props, optional: t.Props, unknownKeys: UnknownKeys): Shape => {
  const fields = [
    ...Object.keys(required).map((key) => ({ key, codec: required[key]!, optional: false })),
    ...Object.keys(optional).map((key) => ({ key, codec: optional[key]!, optional: true })),
  ];
  const encodeOrder = [...fields].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { fields, encodeOrder, known: new Set(fields.map((field) => field.key)), unknownKeys };
};

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

/**
 * Whether a field is read from the record: a required field always (a missing one is `undefined`
 * and fails its codec); an optional one only when it is an own key whose value is not `undefined`.
 */
const isRead = (record: Record<string, unknown>, field: Field): boolean =>
  !field.optional || (hasOwn(record, field.key) && record[field.key] !== undefined);

/** The own enumerable keys the struct does not declare, when it rejects them; none under `'strip'`. */
const refusedKeys = (shape: Shape, record: Record<string, unknown>): string[] =>
  shape.unknownKeys === 'reject' ? Object.keys(record).filter((key) => !shape.known.has(key)) : [];

/** Whether the record has a key the struct refuses (as `refusedKeys`, without building the list). */
const hasRefusedKey = (shape: Shape, record: Record<string, unknown>): boolean => {
  if (shape.unknownKeys === 'strip') return false;
  for (const key in record) if (hasOwn(record, key) && !shape.known.has(key)) return true;
  return false;
};

/** `is`: exactly the values `validate` accepts (given field codecs whose `is` agrees with their `validate`). */
const isStruct = (shape: Shape, u: unknown): boolean =>
  isRecord(u) &&
  shape.fields.every((field) => !isRead(u, field) || field.codec.is(u[field.key])) &&
  !hasRefusedKey(shape, u);

/** The decoded object when every field is valid and no key is refused; else undefined. No paths are built. */
const decodeWithoutPaths = (shape: Shape, record: Record<string, unknown>, context: t.Context): Record<string, unknown> | undefined => {
  const out: Record<string, unknown> = {};
  for (const field of shape.fields) {
    if (!isRead(record, field)) continue;
    const result = field.codec.validate(record[field.key], context);
    if (result._tag === 'Left') return undefined;
    out[field.key] = result.right;
  }
  return hasRefusedKey(shape, record) ? undefined : out;
};

/** The slow path: every field error and every refused key, each with its exact path. */
const decodeWithPaths = (shape: Shape, record: Record<string, unknown>, context: t.Context): t.Validation<Record<string, unknown>> => {
  const out: Record<string, unknown> = {};
  const errors: t.ValidationError[] = [];
  for (const field of shape.fields) {
    if (!isRead(record, field)) continue;
    const value = record[field.key];
    const result = field.codec.validate(value, t.appendContext(context, field.key, field.codec, value));
    if (result._tag === 'Left') errors.push(...result.left);
    else out[field.key] = result.right;
  }
  for (const key of refusedKeys(shape, record)) {
    errors.push({ value: record[key], context: t.appendContext(context, key, t.never, record[key]), message: 'no such field' });
  }
  return errors.length > 0 ? t.failures(errors) : t.success(out);
};

const validateStruct = (shape: Shape, u: unknown, context: t.Context): t.Validation<Record<string, unknown>> => {
  if (!isRecord(u)) return t.failure(u, context, 'an object');
  // Fast path: decode with the parent's context (no context arrays allocated per field). Any
  // failure is thrown away and the slow path runs again to report exact paths.
  const fast = decodeWithoutPaths(shape, u, context);
  return fast !== undefined ? t.success(fast) : decodeWithPaths(shape, u, context);
};

const encodeStruct = (shape: Shape, value: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const field of shape.encodeOrder) {
    const item = value[field.key];
    if (!field.optional || item !== undefined) out[field.key] = field.codec.encode(item);
  }
  return out;
};

/**
 * An object codec with required and optional fields. Optional fields are omitted when absent (a
 * present `undefined` is treated as absent), which fits `exactOptionalPropertyTypes`. Unknown keys
 * are reported as errors (`'reject'`, the default for commands and configuration, where a typo must
 * not pass silently) or dropped (`'strip'`, for stored events written by newer versions). `is`
 * accepts exactly what `decode` accepts.
 */
export const struct = <R extends t.Props, O extends t.Props = {}>(
  name: string,
  required: R,
  optional: O = {} as O,
  unknownKeys: UnknownKeys = 'reject',
): StructType<R, O> => {
  const shape = shapeOf(required, optional, unknownKeys);
  const codec = new t.Type<StructOf<R, O>, RequiredOutOf<R> & OptionalOutOf<O>, unknown>(
    name,
    (u): u is StructOf<R, O> => isStruct(shape, u),
    (u, context) => validateStruct(shape, u, context) as t.Validation<StructOf<R, O>>,
    (value) => encodeStruct(shape, value as Record<string, unknown>) as RequiredOutOf<R> & OptionalOutOf<O>,
  );
  describeCodec(codec, { kind: 'struct', fields: shape.fields });
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
  describeCodec(new t.Type<A, O, unknown>(
    name,
    (u): u is A => base.is(u) && predicate(u),
    (u, c) => {
      const result = base.validate(u, c);
      if (result._tag === 'Left') return result;
      return predicate(result.right) ? result : t.failure(u, c, expected);
    },
    base.encode,
  ), { kind: 'refine', base, predicate: predicate as (value: unknown) => boolean });

/** A read-only array codec whose element errors carry the index in their path. */
export const arrayOf = <C extends t.Mixed>(item: C, name = `Array<${item.name}>`, maxLength = Number.MAX_SAFE_INTEGER) =>
  hintJsonSchema(describeCodec(new t.Type<ReadonlyArray<t.TypeOf<C>>, ReadonlyArray<t.OutputOf<C>>, unknown>(
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
  ), { kind: 'array', item, maxLength }), (schemaOf) => ({ type: 'array', items: schemaOf(item), ...(maxLength < Number.MAX_SAFE_INTEGER ? { maxItems: maxLength } : {}) }));
