import * as E from 'fp-ts/lib/Either.js';
import { compareInstants, Instant, instantFromMillis, isBefore, millisOf, parseInstantMillis } from './instant';

/** The Instant codec: ISO-8601 with an offset, normalised to canonical UTC. */
const decoded = (text: unknown) => Instant.decode(text);

describe('Instant codec', () => {
  it('normalises to YYYY-MM-DDTHH:mm:ss.sssZ', () => {
    expect(decoded('2026-03-01T10:00:00Z')).toEqual(E.right('2026-03-01T10:00:00.000Z'));
    expect(decoded('2026-03-01T10:00:00.000Z')).toEqual(E.right('2026-03-01T10:00:00.000Z'));
    expect(decoded('2026-03-01T10:00:00.5Z')).toEqual(E.right('2026-03-01T10:00:00.500Z'));
  });

  it('converts offsets to UTC, so equal instants are equal strings', () => {
    expect(decoded('2026-03-01T12:00:00+02:00')).toEqual(E.right('2026-03-01T10:00:00.000Z'));
    expect(decoded('2026-03-01T05:30:00-04:30')).toEqual(E.right('2026-03-01T10:00:00.000Z'));
    expect(decoded('2026-03-01T00:30:00+01:00')).toEqual(E.right('2026-02-28T23:30:00.000Z'));
  });

  it('keeps millisecond precision from longer fractions', () => {
    expect(decoded('2026-03-01T10:00:00.123456789Z')).toEqual(E.right('2026-03-01T10:00:00.123Z'));
  });

  it.each([
    ['no offset', '2026-03-01T10:00:00'],
    ['date only', '2026-03-01'],
    ['30 February', '2026-02-30T10:00:00Z'],
    ['29 February of a common year', '2026-02-29T10:00:00Z'],
    ['month 13', '2026-13-01T10:00:00Z'],
    ['day 0', '2026-03-00T10:00:00Z'],
    ['hour 24', '2026-03-01T24:00:00Z'],
    ['minute 60', '2026-03-01T10:60:00Z'],
    ['leap second', '2026-03-01T10:00:60Z'],
    ['before 1970', '1969-12-31T23:59:59Z'],
    ['a space instead of T', '2026-03-01 10:00:00Z'],
    ['empty', ''],
  ])('rejects %s', (_what, text) => {
    const result = decoded(text);
    expect(E.isLeft(result)).toBe(true);
    expect(E.isLeft(result) && result.left[0]?.message).toBe('an ISO-8601 instant such as "2026-03-01T10:00:00Z"');
  });

  it('rejects values that are not strings', () => {
    for (const value of [1_700_000_000_000, null, undefined, new Date(0), {}]) expect(E.isLeft(decoded(value))).toBe(true);
  });

  it('accepts 29 February of a leap year and the year 9999', () => {
    expect(decoded('2028-02-29T00:00:00Z')).toEqual(E.right('2028-02-29T00:00:00.000Z'));
    expect(decoded('9999-12-31T23:59:59Z')).toEqual(E.right('9999-12-31T23:59:59.000Z'));
  });

  it('is() holds only for canonical instants', () => {
    expect(Instant.is('2026-03-01T10:00:00.000Z')).toBe(true);
    expect(Instant.is('2026-03-01T10:00:00Z')).toBe(false);
    expect(Instant.is('nope')).toBe(false);
    expect(Instant.is(5)).toBe(false);
  });

  it('encodes as the canonical string', () => {
    const value = Instant.decode('2026-03-01T10:00:00Z');
    expect(E.isRight(value) && Instant.encode(value.right)).toBe('2026-03-01T10:00:00.000Z');
  });
});

describe('instant helpers', () => {
  const a = instantFromMillis(Date.UTC(2026, 2, 1, 10));
  const b = instantFromMillis(Date.UTC(2026, 2, 1, 11));

  it('parseInstantMillis returns epoch milliseconds or undefined', () => {
    expect(parseInstantMillis('2026-03-01T10:00:00Z')).toBe(Date.UTC(2026, 2, 1, 10));
    expect(parseInstantMillis('2026-03-01')).toBeUndefined();
  });

  it('millisOf and instantFromMillis are inverse', () => {
    expect(a).toBe('2026-03-01T10:00:00.000Z');
    expect(millisOf(a)).toBe(Date.UTC(2026, 2, 1, 10));
  });

  it('compareInstants and isBefore order instants', () => {
    expect(compareInstants(a, b)).toBeLessThan(0);
    expect(compareInstants(b, a)).toBeGreaterThan(0);
    expect(compareInstants(a, a)).toBe(0);
    expect(isBefore(a, b)).toBe(true);
    expect(isBefore(b, a)).toBe(false);
    expect(isBefore(a, a)).toBe(false);
  });
});
