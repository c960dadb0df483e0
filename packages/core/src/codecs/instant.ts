import * as t from 'io-ts/lib/index.js';

/** An ISO-8601 instant in UTC, canonical form `YYYY-MM-DDTHH:mm:ss.sssZ`. Branded so that any string is not one. */
export type Instant = string & { readonly Instant: unique symbol };

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const MIN_YEAR = 1970;
const MAX_YEAR = 9999;

/** Parses an ISO-8601 instant with an explicit offset; returns epoch milliseconds, or `undefined` if it is not one. */
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
  return Number.isFinite(millis) ? millis : undefined;
};

/** Formats epoch milliseconds as a canonical `Instant`. */
export const instantFromMillis = (millis: number): Instant => new Date(millis).toISOString() as Instant;

/** Epoch milliseconds of an `Instant`. */
export const millisOf = (instant: Instant): number => Date.parse(instant);

/**
 * Codec for `Instant`: accepts an ISO-8601 date-time with `Z` or an offset (years 1970–9999) and
 * normalises it to the canonical UTC form, so that equal instants compare equal as strings.
 */
export const Instant = new t.Type<Instant, string, unknown>(
  'Instant',
  (u): u is Instant => typeof u === 'string' && parseInstantMillis(u) !== undefined && instantFromMillis(Date.parse(u)) === u,
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, 'an ISO-8601 instant such as "2026-03-01T10:00:00Z"');
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
export const isBefore = (a: Instant, b: Instant): boolean => millisOf(a) < millisOf(b);
