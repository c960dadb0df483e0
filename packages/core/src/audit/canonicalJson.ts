/**
 * The canonical JSON encoding that disputekit hashes. Two programs that follow these rules turn the
 * same JSON value into the same string, byte for byte, whatever order its keys were written in:
 *
 * - `null`, `true`, `false` as themselves.
 * - A number must be finite. It is written as ECMAScript writes it (`Number.prototype.toString`, which
 *   is also what `JSON.stringify` does): an integer of magnitude below 2^53 as plain decimal digits with
 *   a leading `-` when negative (`-0` is written `0`); other numbers in the shortest form that reads
 *   back as the same double (disputekit stores only integers: money is in minor units).
 * - A string in double quotes with exactly these escapes: `"` as `\"`, `\` as `\\`, U+0008 `\b`,
 *   U+0009 `\t`, U+000A `\n`, U+000C `\f`, U+000D `\r`, every other code point below U+0020 as `\u00xx`
 *   with lower-case hex digits, and an unpaired surrogate as `\udxxx` (lower-case). Every other
 *   character is written as itself (`/` and non-ASCII characters are not escaped).
 * - An array as `[`, its items in order separated by `,`, then `]`.
 * - An object as `{`, its members sorted by key, each `"key":value`, separated by `,`, then `}`. Keys
 *   are compared as sequences of UTF-16 code units (JavaScript's default string order). A member
 *   whose value is `undefined` is left out, as `JSON.stringify` leaves it out of what is stored.
 * - No whitespace anywhere. The string is hashed as its UTF-8 bytes.
 *
 * For the values disputekit stores this is the JSON Canonicalization Scheme of RFC 8785.
 */

/** Why a value has no canonical JSON encoding, with the path to the offending part. */
export class NotCanonicalJson extends TypeError {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`No canonical JSON for the value at ${path === '' ? 'the root' : path}: ${reason}`);
    this.name = 'NotCanonicalJson';
  }
}

/** A plain object: its prototype is `null` or some realm's `Object.prototype` (structured clones come from another realm). */
const isPlainObject = (value: object): boolean => {
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === null || Object.getPrototypeOf(prototype) === null;
};

const childPath = (path: string, key: string | number): string => (path === '' ? String(key) : `${path}.${key}`);

/** Thrown by the fast encoder; the slow `locate` then finds where the offending value is. */
class Unencodable extends Error {}

/**
 * True when the string needs no escape under the rules above (no `"`, `\\`, code unit below U+0020
 * or surrogate), so that it is written between quotes as it is. A plain loop over the code units: the
 * common case (ids, instants, codes, text) is decided without a regex or any allocation. Surrogates
 * send the string to `JSON.stringify` even when they are paired: it writes a pair as itself and a lone
 * one as `\\udxxx`, exactly the documented rules, so only the rare string pays for the check.
 */
const isPlain = (value: string): boolean => {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit < 0x20 || unit === 0x22 || unit === 0x5c || (unit >= 0xd800 && unit <= 0xdfff)) return false;
  }
  return true;
};

/** A string, quoted and escaped (see the rules above): as it is between quotes when nothing needs an escape. */
const quote = (value: string): string => (isPlain(value) ? `"${value}"` : JSON.stringify(value));

/** Quoted keys, cached: the same few keys come back in every event. */
const quotedKeys = new Map<string, string>();
const quoteKey = (key: string): string => {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = quote(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
};

/** True when the keys are already in UTF-16 code unit order (as `sort()` leaves them): objects built in key order skip the sort. */
const isSorted = (keys: ReadonlyArray<string>): boolean => {
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) return false;
  return true;
};

/** The fast path: no path bookkeeping (it costs more than the encoding itself on large logs). */
const encode = (value: unknown): string => {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new Unencodable();
      return Number.isSafeInteger(value) ? String(value === 0 ? 0 : value) : JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === undefined) throw new Unencodable();
          out += i === 0 ? encode(item) : `,${encode(item)}`;
        }
        return `${out}]`;
      }
      if (!isPlainObject(value)) throw new Unencodable();
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      if (!isSorted(keys)) keys.sort();
      let out = '{';
      let first = true;
      for (const key of keys) {
        const item = record[key];
        if (item === undefined) continue;
        out += `${first ? '' : ','}${quoteKey(key)}:${encode(item)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new Unencodable();
  }
};

/** Finds the first value that has no canonical encoding, and why (only called after `encode` failed). */
const locate = (value: unknown, path: string): NotCanonicalJson | undefined => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : new NotCanonicalJson(path, `${String(value)} is not a finite number`);
    case 'object': {
      if (value === null) return undefined;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          const found = item === undefined ? new NotCanonicalJson(childPath(path, i), 'undefined is not JSON') : locate(item, childPath(path, i));
          if (found !== undefined) return found;
        }
        return undefined;
      }
      if (!isPlainObject(value)) return new NotCanonicalJson(path, `a ${value.constructor?.name ?? 'non-plain'} object is not plain JSON`);
      for (const [key, item] of Object.entries(value)) {
        const found = item === undefined ? undefined : locate(item, childPath(path, key));
        if (found !== undefined) return found;
      }
      return undefined;
    }
    default:
      return new NotCanonicalJson(path, `a ${typeof value} is not JSON`);
  }
};

/**
 * Encodes a JSON value canonically (sorted keys, no whitespace; see the module comment for every
 * rule). Throws `NotCanonicalJson` for what JSON cannot hold (a programmer error): `undefined` at the
 * root or in an array, a non-finite number, a bigint, a function, a class instance such as a `Date`.
 */
export const canonicalJson = (value: unknown): string => {
  if (value === undefined) throw new NotCanonicalJson('', 'undefined is not JSON');
  try {
    return encode(value);
  } catch (error) {
    if (error instanceof Unencodable) throw locate(value, '') ?? new NotCanonicalJson('', 'not JSON');
    throw error;
  }
};
