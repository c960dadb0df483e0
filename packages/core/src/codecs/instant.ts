import * as t from 'io-ts/lib/index.js';

/** An ISO-8601 instant in UTC, canonical form `YYYY-MM-DDTHH:mm:ss.sssZ`. Branded so that any string is not one. */
export type Instant = string & { readonly Instant: unique symbol };

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const MIN_YEAR = 1970;
const MAX_YEAR = 9999;

const DIGIT_0 = 48;
const digitAt = (text: string, index: number): number => {
  const d = text.charCodeAt(index) - DIGIT_0;
  return d >= 0 && d <= 9 ? d : -1;
};
const twoDigits = (text: string, index: number): number => {
  const a = digitAt(text, index);
  const b = digitAt(text, index + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
};
const daysIn = (year: number, month: number): number =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;

/**
 * True when `text` is already a canonical instant (`YYYY-MM-DDTHH:mm:ss.sssZ`, a real date and time,
 * years 1970–9999): exactly the strings the codec returns unchanged. A character-level check with no
 * allocation, the fast path of decoding (stored events and commands carry canonical instants).
 */
export const isCanonicalInstant = (text: string): boolean => {
  if (text.length !== 24 || text.charCodeAt(23) !== 90 /* Z */ || text.charCodeAt(10) !== 84 /* T */) return false;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(19) !== 46) {
    return false;
  }
  const hi = twoDigits(text, 0);
  const lo = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  const millis = twoDigits(text, 20);
  if (hi < 0 || lo < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  if (millis < 0 || digitAt(text, 22) < 0) return false;
  const year = hi * 100 + lo;
  return year >= MIN_YEAR && year <= MAX_YEAR && day <= daysIn(year, month);
};

/** The earliest instant the codec accepts: `1970-01-01T00:00:00.000Z`. */
export const EARLIEST_INSTANT_MILLIS = Date.UTC(MIN_YEAR, 0, 1);
/** The latest instant the codec accepts: `9999-12-31T23:59:59.999Z`. */
export const LATEST_INSTANT_MILLIS = Date.UTC(MAX_YEAR, 11, 31, 23, 59, 59, 999);

/**
 * Parses an ISO-8601 instant with an explicit offset; returns epoch milliseconds, or `undefined` if
 * it is not one or falls outside 1970–9999 in UTC (the range is checked after the offset is applied).
 */
export const parseInstantMillis = (text: string): number | undefined => {
  const match = ISO_INSTANT.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second] = match;
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > daysInMonth || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  const millis = Date.parse(text);
  // The range is checked again after the offset is applied: "1970-01-01T00:30:00+01:00" is in 1969.
  return Number.isFinite(millis) && millis >= EARLIEST_INSTANT_MILLIS && millis <= LATEST_INSTANT_MILLIS ? millis : undefined;
};

/** Formats epoch milliseconds as a canonical `Instant`. */
export const instantFromMillis = (millis: number): Instant => new Date(millis).toISOString() as Instant;

/**
 * `instantFromMillis`, clamped to the latest instant the codec accepts, so that arithmetic on an
 * instant (a deadline far in the future) always yields a value that decodes again.
 */
export const clampedInstantFromMillis = (millis: number): Instant =>
  instantFromMillis(Math.min(millis, LATEST_INSTANT_MILLIS));

/** Epoch milliseconds of an `Instant`. */
export const millisOf = (instant: Instant): number => Date.parse(instant);

/**
 * Codec for `Instant`: accepts an ISO-8601 date-time with `Z` or an offset (years 1970–9999) and
 * normalises it to the canonical UTC form, so that equal instants compare equal as strings.
 */
export const Instant = new t.Type<Instant, string, unknown>(
  'Instant',
  (u): u is Instant =>
    typeof u === 'string' && (isCanonicalInstant(u) || (parseInstantMillis(u) !== undefined && instantFromMillis(Date.parse(u)) === u)),
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, 'an ISO-8601 instant such as "2026-03-01T10:00:00Z"');
    if (isCanonicalInstant(u)) return t.success(u as Instant);
    const millis = parseInstantMillis(u);
    return millis === undefined
      ? t.failure(u, c, 'an ISO-8601 instant such as "2026-03-01T10:00:00Z"')
      : t.success(instantFromMillis(millis));
  },
  (a) => a,
);

/** Compares two instants: negative if `a` is earlier, 0 if equal, positive if later. */
export const compareInstants = (a: Instant, b: Instant): number => millisOf(a) - millisOf(b);

/** True when `a` is strictly before `b`. */
export const isBefore = (a: Instant, b: Instant): boolean =>
  // Canonical instants have fixed-width fields, so their text order is their time order.
  isCanonicalInstant(a) && isCanonicalInstant(b) ? a < b : millisOf(a) < millisOf(b);

/** The latest year a command may be dated: a century before the codec's limit leaves room for every deadline. */
export const LATEST_COMMAND_YEAR = 9899;
const LATEST_COMMAND_MILLIS = Date.UTC(LATEST_COMMAND_YEAR, 11, 31, 23, 59, 59, 999);

/**
 * Codec for the `at` of a command: an `Instant` no later than the end of year 9899. A deadline is at
 * most a century after the command that starts it (durations are capped), so every deadline a
 * command starts stays a valid `Instant` and later than the command.
 */
export const CommandInstant = new t.Type<Instant, string, unknown>(
  'CommandInstant',
  (u): u is Instant => Instant.is(u) && millisOf(u) <= LATEST_COMMAND_MILLIS,
  (u, c) => {
    const decoded = Instant.validate(u, c);
    if (decoded._tag === 'Left') return decoded;
    return millisOf(decoded.right) <= LATEST_COMMAND_MILLIS
      ? decoded
      : t.failure(u, c, `an instant no later than the year ${LATEST_COMMAND_YEAR}`);
  },
  (a) => a,
);
