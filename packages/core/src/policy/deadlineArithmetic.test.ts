import { Instant } from '../codecs/instant';
import { expectRight } from '../testing/either';
import { businessCalendarFrom, type BusinessCalendar } from './businessCalendar';
import { addDuration } from './deadlineArithmetic';

/** Deadline arithmetic (process rules §6, last paragraph): calendar days in UTC, business days on a calendar. */
const at = (text: string): Instant => expectRight(Instant.decode(text));
const weekendsOff = businessCalendarFrom({ weekendDays: [0, 6], holidays: [] });

describe('addDuration with calendar days', () => {
  it('adds 24 hours a day in UTC, keeping the time of day', () => {
    expect(addDuration(at('2026-03-02T10:00:00Z'), { days: 5 }, weekendsOff)).toBe('2026-03-07T10:00:00.000Z');
  });

  it('crosses months, leap days and daylight-saving dates without drifting', () => {
    expect(addDuration(at('2028-02-28T23:30:00Z'), { days: 1 }, weekendsOff)).toBe('2028-02-29T23:30:00.000Z');
    expect(addDuration(at('2026-03-28T12:00:00Z'), { days: 2 }, weekendsOff)).toBe('2026-03-30T12:00:00.000Z');
    expect(addDuration(at('2026-12-31T00:00:00Z'), { days: 30 }, weekendsOff)).toBe('2027-01-30T00:00:00.000Z');
  });

  it('ignores the business calendar', () => {
    const never: BusinessCalendar = { isBusinessDay: () => false };
    expect(addDuration(at('2026-03-06T10:00:00Z'), { days: 3 }, never)).toBe('2026-03-09T10:00:00.000Z');
  });

  it('adds nothing for zero days', () => {
    expect(addDuration(at('2026-03-06T10:00:00.123Z'), { days: 0 }, weekendsOff)).toBe('2026-03-06T10:00:00.123Z');
  });
});

describe('addDuration with business days', () => {
  it('3 business days from Friday 10:00 is Wednesday 10:00 with weekends off', () => {
    expect(addDuration(at('2026-03-06T10:00:00Z'), { businessDays: 3 }, weekendsOff)).toBe('2026-03-11T10:00:00.000Z');
  });

  it('1 business day from Saturday is Monday, from Monday is Tuesday', () => {
    expect(addDuration(at('2026-03-07T08:15:00Z'), { businessDays: 1 }, weekendsOff)).toBe('2026-03-09T08:15:00.000Z');
    expect(addDuration(at('2026-03-02T08:15:00Z'), { businessDays: 1 }, weekendsOff)).toBe('2026-03-03T08:15:00.000Z');
  });

  it('skips holidays as well as weekends', () => {
    const withHolidays = businessCalendarFrom({ weekendDays: [0, 6], holidays: ['2026-12-25', '2026-12-28'] });
    // Thursday 24 Dec + 2: Fri 25 (holiday), Sat, Sun, Mon 28 (holiday), Tue 29, Wed 30
    expect(addDuration(at('2026-12-24T09:00:00Z'), { businessDays: 2 }, withHolidays)).toBe('2026-12-30T09:00:00.000Z');
  });

  it('follows the calendar’s own weekend (Friday and Saturday off)', () => {
    const fridaySaturday = businessCalendarFrom({ weekendDays: [5, 6], holidays: [] });
    // Thursday 5 March + 1 business day is Sunday 8 March
    expect(addDuration(at('2026-03-05T10:00:00Z'), { businessDays: 1 }, fridaySaturday)).toBe('2026-03-08T10:00:00.000Z');
  });

  it('uses an injected calendar, asking it about UTC dates', () => {
    const asked: string[] = [];
    const calendar: BusinessCalendar = {
      isBusinessDay: (isoDate) => {
        asked.push(isoDate);
        return isoDate !== '2026-03-04';
      },
    };
    expect(addDuration(at('2026-03-02T23:00:00-02:00'), { businessDays: 1 }, calendar)).toBe('2026-03-05T01:00:00.000Z');
    expect(asked).toEqual(['2026-03-04', '2026-03-05']);
  });

  it('adds nothing for zero business days, even on a weekend', () => {
    expect(addDuration(at('2026-03-07T10:00:00Z'), { businessDays: 0 }, weekendsOff)).toBe('2026-03-07T10:00:00.000Z');
  });

  it('treats a calendar with no business day at all as calendar days, so it always ends', () => {
    const never: BusinessCalendar = { isBusinessDay: () => false };
    expect(addDuration(at('2026-03-02T10:00:00Z'), { businessDays: 3 }, never)).toBe('2026-03-05T10:00:00.000Z');
  });
});
