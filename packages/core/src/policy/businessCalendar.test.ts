import { isRight } from 'fp-ts/lib/Either.js';
import { businessCalendarFrom, BusinessCalendarData, defaultBusinessCalendarData, IsoDate, Weekday } from './businessCalendar';

/** The business calendar: its data codec and the calendar built from it. */
describe('businessCalendarFrom', () => {
  it('with the default data, weekdays are business days and weekends are not', () => {
    const calendar = businessCalendarFrom(defaultBusinessCalendarData);
    expect(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'].every((d) => calendar.isBusinessDay(d))).toBe(true);
    expect(calendar.isBusinessDay('2026-03-07')).toBe(false);
    expect(calendar.isBusinessDay('2026-03-08')).toBe(false);
  });

  it('holidays are not business days', () => {
    const calendar = businessCalendarFrom({ weekendDays: [0, 6], holidays: ['2026-12-25'] });
    expect(calendar.isBusinessDay('2026-12-25')).toBe(false);
    expect(calendar.isBusinessDay('2026-12-24')).toBe(true);
  });
});

describe('BusinessCalendarData codec', () => {
  it('accepts weekend days and holidays', () => {
    expect(BusinessCalendarData.decode({ weekendDays: [5, 6], holidays: ['2026-01-01'] })).toEqual({
      _tag: 'Right',
      right: { weekendDays: [5, 6], holidays: ['2026-01-01'] },
    });
  });

  it('rejects impossible dates, badly formatted dates and weekday numbers outside 0–6', () => {
    expect(isRight(IsoDate.decode('2026-02-29'))).toBe(false);
    expect(isRight(IsoDate.decode('2028-02-29'))).toBe(true);
    expect(isRight(IsoDate.decode('2026-3-1'))).toBe(false);
    expect(isRight(IsoDate.decode(20260301))).toBe(false);
    expect(isRight(Weekday.decode(7))).toBe(false);
    expect(isRight(Weekday.decode(-1))).toBe(false);
    expect(isRight(Weekday.decode(1.5))).toBe(false);
    expect(isRight(Weekday.decode(0))).toBe(true);
  });

  it('rejects a week with every day off (at most 6 weekend days)', () => {
    expect(isRight(BusinessCalendarData.decode({ weekendDays: [0, 1, 2, 3, 4, 5, 6], holidays: [] }))).toBe(false);
    expect(isRight(BusinessCalendarData.decode({ weekendDays: [0, 1, 2, 3, 4, 5], holidays: [] }))).toBe(true);
  });
});
