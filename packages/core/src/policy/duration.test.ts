import { isRight } from 'fp-ts/lib/Either.js';
import { Duration, formatDuration, PositiveDuration } from './duration';

/** Policy durations: `{ days }` or `{ businessDays }`, never negative. */
describe('Duration', () => {
  it('decodes calendar and business days', () => {
    expect(Duration.decode({ days: 5 })).toEqual({ _tag: 'Right', right: { days: 5 } });
    expect(Duration.decode({ businessDays: 3 })).toEqual({ _tag: 'Right', right: { businessDays: 3 } });
    expect(Duration.decode({ days: 0 })).toEqual({ _tag: 'Right', right: { days: 0 } });
    expect(Duration.is({ days: 1 })).toBe(true);
    expect(Duration.is({ weeks: 1 })).toBe(false);
  });

  it('rejects negative, fractional and unknown spans', () => {
    expect(isRight(Duration.decode({ days: -1 }))).toBe(false);
    expect(isRight(Duration.decode({ businessDays: 1.5 }))).toBe(false);
    expect(isRight(Duration.decode({ weeks: 1 }))).toBe(false);
    expect(isRight(Duration.decode({ days: 1, businessDays: 1 }))).toBe(false);
    expect(isRight(Duration.decode('5 days'))).toBe(false);
    expect(isRight(Duration.decode(null))).toBe(false);
  });

  it('formats for people', () => {
    expect(formatDuration({ days: 1 })).toBe('1 day');
    expect(formatDuration({ days: 30 })).toBe('30 days');
    expect(formatDuration({ businessDays: 1 })).toBe('1 business day');
    expect(formatDuration({ businessDays: 3 })).toBe('3 business days');
  });
});

describe('PositiveDuration', () => {
  it('requires at least one day or business day', () => {
    expect(isRight(PositiveDuration.decode({ days: 1 }))).toBe(true);
    expect(isRight(PositiveDuration.decode({ businessDays: 1 }))).toBe(true);
    expect(isRight(PositiveDuration.decode({ days: 0 }))).toBe(false);
    expect(isRight(PositiveDuration.decode({ businessDays: 0 }))).toBe(false);
    expect(isRight(PositiveDuration.decode({ days: -2 }))).toBe(false);
    expect(PositiveDuration.is({ days: 0 })).toBe(false);
    expect(PositiveDuration.is({ businessDays: 2 })).toBe(true);
  });
});
