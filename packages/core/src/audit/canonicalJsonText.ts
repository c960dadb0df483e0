/**
 * Whether JSON text is already the canonical JSON (`canonicalJson`) of the value it holds, decided in
 * one pass over its code units without building that value: what lets a Merkle leaf use stored event
 * data as it is (the writer sorts the keys) instead of parsing and re-encoding it.
 */

/** Nesting deeper than this answers `false`: the caller's slow path decides such texts (where a stack overflow belongs). */
export const CANONICAL_TEXT_MAX_DEPTH = 256;

/** Returned by the scanners for text that is not canonical. */
const REJECT = -1;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

/** Set by `scanString`: whether the string it scanned had no escape and no surrogate (its text between the quotes is its value). */
let scannedPlain = true;
/** Set by `scanString` for a string that was not plain: its value. */
let scannedValue = '';

const isDigit = (unit: number): boolean => unit >= ZERO && unit <= NINE;

/** True for the code units a JSON number token can hold: digits, `-`, `+`, `.`, `e`, `E`. */
const isNumberUnit = (unit: number): boolean => isDigit(unit) || unit === MINUS || unit === 0x2b || unit === 0x2e || unit === 0x65 || unit === 0x45;

/**
 * A string literal starting at the `"` at `start`: the index after its closing quote, or `REJECT`.
 * A plain run is accepted as it is. A literal with a backslash or a surrogate is parsed and must be
 * what `JSON.stringify` writes for its value (the canonical quoting: `canonicalJson` writes exactly
 * that for such strings). A raw code unit below U+0020 is never valid JSON.
 */
const scanString = (text: string, start: number): number => {
  let i = start + 1;
  let plain = true;
  for (;;) {
    if (i >= text.length) return REJECT;
    const unit = text.charCodeAt(i);
    if (unit === QUOTE) break;
    if (unit < 0x20) return REJECT;
    if (unit === BACKSLASH) {
      plain = false;
      i += 2;
      continue;
    }
    if (unit >= 0xd800 && unit <= 0xdfff) plain = false;
    i += 1;
  }
  const end = i + 1;
  scannedPlain = plain;
  if (plain) return end;
  const literal = text.slice(start, end);
  let value: unknown;
  try {
    value = JSON.parse(literal);
  } catch {
    return REJECT;
  }
  if (typeof value !== 'string' || JSON.stringify(value) !== literal) return REJECT;
  scannedValue = value;
  return end;
};

/**
 * A number token starting at `start`: the index after it, or `REJECT` unless the token is exactly how
 * `canonicalJson` writes its value. Up to 15 digits with an optional `-` and no leading zero is a safe
 * integer written as itself (decided without allocating); anything else is compared with the canonical
 * encoding of `Number(token)` (so `-0`, `1.0`, `1e2`, `01`, `+1` and non-finite values are refused).
 */
const scanNumber = (text: string, start: number): number => {
  let end = start;
  while (end < text.length && isNumberUnit(text.charCodeAt(end))) end += 1;
  const first = text.charCodeAt(start) === MINUS ? start + 1 : start;
  let digitsOnly = end > first && end - first <= 15;
  for (let i = first; digitsOnly && i < end; i++) digitsOnly = isDigit(text.charCodeAt(i));
  if (digitsOnly) {
    const leadingZero = text.charCodeAt(first) === ZERO;
    return !leadingZero || (end - first === 1 && first === start) ? end : REJECT;
  }
  const token = text.slice(start, end);
  const value = Number(token);
  if (!Number.isFinite(value)) return REJECT;
  return (Number.isSafeInteger(value) ? String(value === 0 ? 0 : value) : JSON.stringify(value)) === token ? end : REJECT;
};

/** True when `text` holds exactly `word` from `start`. */
const holds = (text: string, start: number, word: string): boolean => {
  for (let k = 0; k < word.length; k++) if (text.charCodeAt(start + k) !== word.charCodeAt(k)) return false;
  return true;
};

/** Code unit order of two ranges of `text` (negative when the first comes first), as JavaScript's `<` orders the strings they are. */
const compareRanges = (text: string, aStart: number, aEnd: number, bStart: number, bEnd: number): number => {
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  const shorter = aLength < bLength ? aLength : bLength;
  for (let k = 0; k < shorter; k++) {
    const difference = text.charCodeAt(aStart + k) - text.charCodeAt(bStart + k);
    if (difference !== 0) return difference;
  }
  return aLength - bLength;
};

/**
 * An object starting at the `{` at `start`: the index after its `}`, or `REJECT`. Its keys must come
 * in strictly increasing UTF-16 code unit order (sorted, no duplicates). Plain keys are compared in
 * place; a key with an escape or a surrogate is compared by its value.
 */
const scanObject = (text: string, start: number, depth: number): number => {
  let i = start + 1;
  if (text.charCodeAt(i) === 0x7d) return i + 1;
  let previousStart = -1;
  let previousEnd = -1;
  let previousPlain = true;
  let previousValue = '';
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return REJECT;
    const keyEnd = scanString(text, i);
    if (keyEnd === REJECT) return REJECT;
    const plain = scannedPlain;
    const value = plain ? '' : scannedValue;
    if (previousStart !== -1) {
      const ordered =
        plain && previousPlain
          ? compareRanges(text, previousStart + 1, previousEnd - 1, i + 1, keyEnd - 1) < 0
          : (previousPlain ? text.slice(previousStart + 1, previousEnd - 1) : previousValue) < (plain ? text.slice(i + 1, keyEnd - 1) : value);
      if (!ordered) return REJECT;
    }
    previousStart = i;
    previousEnd = keyEnd;
    previousPlain = plain;
    previousValue = value;
    if (text.charCodeAt(keyEnd) !== 0x3a) return REJECT;
    i = scanValue(text, keyEnd + 1, depth);
    if (i === REJECT) return REJECT;
    const next = text.charCodeAt(i);
    if (next === 0x7d) return i + 1;
    if (next !== 0x2c) return REJECT;
    i += 1;
  }
};

/** An array starting at the `[` at `start`: the index after its `]`, or `REJECT`. */
const scanArray = (text: string, start: number, depth: number): number => {
  let i = start + 1;
  if (text.charCodeAt(i) === 0x5d) return i + 1;
  for (;;) {
    i = scanValue(text, i, depth);
    if (i === REJECT) return REJECT;
    const next = text.charCodeAt(i);
    if (next === 0x5d) return i + 1;
    if (next !== 0x2c) return REJECT;
    i += 1;
  }
};

/** Any JSON value starting at `start` (no whitespace before it): the index after it, or `REJECT`. */
const scanValue = (text: string, start: number, depth: number): number => {
  const unit = text.charCodeAt(start);
  if (unit === QUOTE) return scanString(text, start);
  if (unit === MINUS || isDigit(unit)) return scanNumber(text, start);
  if (unit === 0x7b) return depth < CANONICAL_TEXT_MAX_DEPTH ? scanObject(text, start, depth + 1) : REJECT;
  if (unit === 0x5b) return depth < CANONICAL_TEXT_MAX_DEPTH ? scanArray(text, start, depth + 1) : REJECT;
  if (unit === 0x6e) return holds(text, start, 'null') ? start + 4 : REJECT;
  if (unit === 0x74) return holds(text, start, 'true') ? start + 4 : REJECT;
  if (unit === 0x66) return holds(text, start, 'false') ? start + 5 : REJECT;
  return REJECT;
};

/**
 * True when `text` is JSON whose value's canonical JSON is `text` itself, i.e. `JSON.parse(text)`
 * succeeds and `canonicalJson(JSON.parse(text)) === text` (no whitespace, sorted and distinct keys,
 * numbers and strings written as `canonicalJson` writes them), decided in one pass without parsing
 * the value. Conservative: arrays and objects nested more than `CANONICAL_TEXT_MAX_DEPTH` deep, and
 * any stack overflow, answer `false` (a wrong `true` would change a hash; a `false` only costs a parse).
 */
export const isCanonicalJsonText = (text: string): boolean => {
  try {
    return text.length > 0 && scanValue(text, 0, 0) === text.length;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
};
