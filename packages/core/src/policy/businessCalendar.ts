import * as t from 'io-ts/lib/index.js';
import { arrayOf, refine, struct } from '../codecs/struct';
import { safeIntegerAtLeast } from '../codecs/text';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isIsoDate = (s: string): boolean => ISO_DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** A calendar date `YYYY-MM-DD` (UTC). */
export const IsoDate = refine(t.string, isIsoDate, 'IsoDate', 'a date such as "2026-12-25"');

/** A day of the week, 0 = Sunday … 6 = Saturday (as `Date.getUTCDay`). */
export const Weekday = refine(safeIntegerAtLeast(0), (n) => n <= 6, 'Weekday', 'a weekday number 0 (Sunday) to 6 (Saturday)');

/** The most holidays a calendar may list: the calendar is stored whole with every opening. */
export const MAX_HOLIDAYS = 1_000;

/**
 * The business calendar as plain data, stored in the policy so that a history replays under the
 * calendar it was decided with: which weekdays are off, and the marketplace's holidays.
 */
export const BusinessCalendarData = struct('BusinessCalendar', {
  weekendDays: arrayOf(Weekday, 'Array<Weekday>', 6),
  holidays: arrayOf(IsoDate, 'Array<IsoDate>', MAX_HOLIDAYS),
});
/** The business calendar as plain data. */
export type BusinessCalendarData = t.TypeOf<typeof BusinessCalendarData>;

/** Weekends off (Saturday and Sunday), no holidays. */
export const defaultBusinessCalendarData: BusinessCalendarData = { weekendDays: [0, 6], holidays: [] };

/**
 * The injectable business calendar: answers whether a UTC date is a working day. Implement it to
 * plug in a marketplace's own calendar service (precomputed; it must be pure and deterministic).
 */
export interface BusinessCalendar {
  /** True when `isoDate` (`YYYY-MM-DD`, UTC) is a business day. */
  isBusinessDay(isoDate: string): boolean;
}

/** Builds a `BusinessCalendar` from its data form. */
export const businessCalendarFrom = (data: BusinessCalendarData): BusinessCalendar => {
  const weekend = new Set(data.weekendDays);
  const holidays = new Set(data.holidays);
  return {
    isBusinessDay: (isoDate) => !holidays.has(isoDate) && !weekend.has(new Date(`${isoDate}T00:00:00Z`).getUTCDay()),
  };
};
