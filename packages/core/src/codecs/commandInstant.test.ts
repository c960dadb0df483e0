import * as E from 'fp-ts/lib/Either.js';
import { CommandInstant, clampedInstantFromMillis, LATEST_INSTANT_MILLIS } from './instant';
import { addDuration } from '../policy/deadlineArithmetic';
import { businessCalendarFrom } from '../policy/businessCalendar';
import { Duration } from '../policy/duration';
import type { Instant } from './instant';

describe('instants near the end of the representable range', () => {
  it('accepts a command dated up to the end of year 9899 and refuses later ones', () => {
    expect(E.isRight(CommandInstant.decode('9899-12-31T23:59:59Z'))).toBe(true);
    const late = CommandInstant.decode('9900-01-01T00:00:00Z');
    expect(E.isLeft(late)).toBe(true);
    expect(CommandInstant.is('9900-01-01T00:00:00.000Z')).toBe(false);
    expect(CommandInstant.is('2026-01-01T00:00:00.000Z')).toBe(true);
  });

  it('clamps deadline arithmetic to 9999-12-31T23:59:59.999Z, so every deadline decodes again', () => {
    const calendar = businessCalendarFrom({ weekendDays: [0, 6], holidays: [] });
    const dueAt = addDuration('9950-01-01T00:00:00.000Z' as Instant, { days: 36_500 }, calendar);
    expect(dueAt).toBe('9999-12-31T23:59:59.999Z');
    expect(clampedInstantFromMillis(LATEST_INSTANT_MILLIS + 1)).toBe('9999-12-31T23:59:59.999Z');
  });

  it('refuses durations longer than a century (or 5,000 business days)', () => {
    expect(E.isRight(Duration.decode({ days: 36_500 }))).toBe(true);
    expect(E.isLeft(Duration.decode({ days: 36_501 }))).toBe(true);
    expect(E.isRight(Duration.decode({ businessDays: 5_000 }))).toBe(true);
    expect(E.isLeft(Duration.decode({ businessDays: 5_001 }))).toBe(true);
  });
});
