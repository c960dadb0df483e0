/**
 * Terminal-safe text. Stored data comes from buyers, sellers and whoever edited a database by
 * hand: printed raw, an escape sequence in it could move the cursor, recolour, erase or draw a fake
 * "✔ hash chains intact" line, hide a link (OSC 8) or reorder what the auditor reads (bidi
 * overrides). Every piece of user-controlled text the CLI prints goes through `safeText` (or
 * `safeDeep`, `safeLines`, `safeJson`, which apply the same rule).
 *
 * Escaped: C0 controls (U+0000–U+001F), DEL and C1 controls (U+007F–U+009F), the Arabic letter mark
 * U+061C, zero-width and direction marks U+200B–U+200F, line and paragraph separators and the bidi
 * embeddings and overrides U+2028–U+202E, word joiner and the bidi isolates U+2060–U+2069, the byte
 * order mark U+FEFF, the interlinear annotation controls U+FFF9–U+FFFB, and lone surrogates. Written
 * as `\n`, `\r`, `\t`, `\xHH` (below U+0100) or `\uHHHH`, upper-case hex, so the text stays readable
 * and on one line. Everything else (accents, CJK, emoji) is printed as it is.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The same, without the line feed: for multi-line text the CLI composed itself. */
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The same, but only what `JSON.stringify` leaves raw (it already escapes C0 controls and lone surrogates). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const hex = (unit: number, digits: number): string => unit.toString(16).toUpperCase().padStart(digits, '0');

const escape = (char: string): string => {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const unit = char.charCodeAt(0);
  return unit < 0x100 ? `\\x${hex(unit, 2)}` : `\\u${hex(unit, 4)}`;
};

/** User-controlled text made safe to print on a terminal, on one line (see the module comment). */
export const safeText = (text: string): string => text.replace(UNSAFE, escape);

/** Like `safeText`, but keeps line feeds: for messages and help texts that are meant to span lines. */
export const safeLines = (text: string): string => text.replace(UNSAFE_BUT_NEWLINE, escape);

/**
 * JSON for a terminal: `JSON.stringify`, with the characters it leaves raw (DEL, C1, bidi and
 * format controls) written as `\uHHHH` escapes. Lossless: `JSON.parse` gives back the same value.
 */
export const safeJson = (value: unknown, indent?: number): string =>
  JSON.stringify(value, null, indent).replace(UNSAFE_IN_JSON, (char) => `\\u${hex(char.charCodeAt(0), 4).toLowerCase()}`);

const isPlainObject = (value: object): boolean => {
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === null || prototype === Object.prototype;
};

/**
 * A copy of plain data (objects, arrays) with `safeText` applied to every string in it, keys
 * included: what a text renderer gets, so no field it prints can be missed. Other values (numbers,
 * class instances, functions) are kept as they are.
 */
export const safeDeep = <T>(value: T): T => {
  if (typeof value === 'string') return safeText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => safeDeep(item)) as T;
  if (typeof value === 'object' && value !== null && isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [safeText(key), safeDeep(item)])) as T;
  }
  return value;
};
