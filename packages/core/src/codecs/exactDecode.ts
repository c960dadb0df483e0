/**
 * A fast path for values that decode to themselves. A codec of this module's factories (`struct`,
 * `arrayOf`, `refine`) says here what it is made of; `decodesToItself(codec)` compiles, once per
 * codec, a check that is true only when `codec.decode(u)` succeeds AND gives back a value equal to
 * `u` in every key and leaf (no key stripped, no leaf normalised). A reader that gets `true` may use
 * `u` as the decoded value without building a copy; on `false` it runs the codec's own decode, which
 * accepts or rejects exactly as before (and reports the paths). So the check may say `false` too
 * often (it is then only slower), never `true` wrongly: `exactDecode.property.test.ts` pins that
 * over well-formed and broken events.
 *
 * Leaves (ids, text, instants, numbers, literal unions, hand-written codecs) are checked with their
 * `is`, which for every codec of the domain accepts only values its decode returns unchanged (an
 * `Instant` that decode would normalise is not `is`); structs are checked key by key with no key
 * left undeclared, whatever their `unknownKeys` (a `'strip'` struct's decode would drop it).
 */
import type * as t from 'io-ts/lib/index.js';

/** What a codec built by `struct`, `arrayOf` or `refine` is made of. */
export type CodecParts =
  | { readonly kind: 'struct'; readonly fields: ReadonlyArray<{ readonly key: string; readonly codec: t.Mixed; readonly optional: boolean }> }
  | { readonly kind: 'array'; readonly item: t.Mixed; readonly maxLength: number }
  | { readonly kind: 'refine'; readonly base: t.Mixed; readonly predicate: (value: unknown) => boolean };

const parts = new WeakMap<object, CodecParts>();
const compiled = new WeakMap<object, (u: unknown) => boolean>();

/** Records what `codec` is made of (called by the codec factories); returns the codec. */
export const describeCodec = <C extends object>(codec: C, described: CodecParts): C => {
  parts.set(codec, described);
  return codec;
};

/** A plain object as JSON.parse or an object literal makes it (no class instance, no array). */
const isPlainRecord = (u: unknown): u is Record<string, unknown> => {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return false;
  const prototype = Object.getPrototypeOf(u) as unknown;
  return prototype === Object.prototype || prototype === null;
};

const structCheck = (fields: Extract<CodecParts, { kind: 'struct' }>['fields']): ((u: unknown) => boolean) => {
  const keys = fields.map((field) => field.key);
  const optional = fields.map((field) => field.optional);
  const checks = fields.map((field) => decodesToItself(field.codec));
  const known = new Set(keys);
  const count = keys.length;
  return (u) => {
    if (!isPlainRecord(u)) return false;
    // Every key declared and none undefined (decode drops an undefined optional field).
    for (const key in u) if (!known.has(key) || u[key] === undefined) return false;
    for (let i = 0; i < count; i++) {
      const value = u[keys[i]!];
      if (value === undefined) {
        if (optional[i]) continue;
        return false;
      }
      if (!checks[i]!(value)) return false;
    }
    return true;
  };
};

const arrayCheck = (item: t.Mixed, maxLength: number): ((u: unknown) => boolean) => {
  const check = decodesToItself(item);
  return (u) => {
    if (!Array.isArray(u) || u.length > maxLength || Object.getPrototypeOf(u) !== Array.prototype) return false;
    for (let i = 0; i < u.length; i++) if (!(i in u) || !check(u[i])) return false;
    return true;
  };
};

const compile = (codec: t.Mixed): ((u: unknown) => boolean) => {
  const described = parts.get(codec);
  if (described === undefined) return (u) => codec.is(u);
  switch (described.kind) {
    case 'struct':
      return structCheck(described.fields);
    case 'array':
      return arrayCheck(described.item, described.maxLength);
    case 'refine': {
      const base = decodesToItself(described.base);
      const predicate = described.predicate;
      return (u) => base(u) && predicate(u);
    }
  }
};

/**
 * The check "`codec.decode(u)` succeeds and equals `u`" for `codec` (compiled once, then cached).
 * It may throw where `u` is hostile (a throwing getter or proxy): callers catch and decode.
 */
export const decodesToItself = (codec: t.Mixed): ((u: unknown) => boolean) => {
  let check = compiled.get(codec);
  if (check === undefined) {
    // A placeholder first, so that a codec reached again while compiling is not compiled twice.
    compiled.set(codec, (u) => check!(u));
    check = compile(codec);
    compiled.set(codec, check);
  }
  return check;
};
