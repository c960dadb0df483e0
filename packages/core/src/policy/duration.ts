import * as t from 'io-ts/lib/index.js';
import { refine, struct } from '../codecs/struct';
import { safeIntegerAtLeast } from '../codecs/text';

/** The longest calendar duration a policy may set: 100 years. */
export const MAX_CALENDAR_DAYS = 36_500;
/** The longest business-day duration a policy may set (about 20 years of working days). */
export const MAX_BUSINESS_DAYS = 5_000;

const boundedCount = (max: number) =>
  refine(safeIntegerAtLeast(0), (n) => n <= max, `IntegerAtMost${max}`, `a safe integer from 0 to ${max}`);

/** A span of calendar days (UTC, 24 hours each). */
export const CalendarDays = struct('CalendarDays', { days: boundedCount(MAX_CALENDAR_DAYS) });
/** A span of business days, counted on the policy's business calendar. */
export const BusinessDays = struct('BusinessDays', { businessDays: boundedCount(MAX_BUSINESS_DAYS) });

/** A policy duration: `{ days: n }` (calendar, UTC) or `{ businessDays: n }`. Never negative. */
export const Duration = new t.Type<Duration, Duration, unknown>(
  'Duration',
  (u): u is Duration => CalendarDays.is(u) || BusinessDays.is(u),
  (u, c) => {
    if (typeof u === 'object' && u !== null && 'businessDays' in u) return BusinessDays.validate(u, c);
    if (typeof u === 'object' && u !== null && 'days' in u) return CalendarDays.validate(u, c);
    return t.failure(u, c, 'a duration such as { "days": 5 } or { "businessDays": 3 }');
  },
  t.identity,
);
/** A policy duration. */
export type Duration = t.TypeOf<typeof CalendarDays> | t.TypeOf<typeof BusinessDays>;

/** Renders a duration for people: `5 days`, `3 business days`. */
export const formatDuration = (duration: Duration): string =>
  'days' in duration
    ? `${duration.days} day${duration.days === 1 ? '' : 's'}`
    : `${duration.businessDays} business day${duration.businessDays === 1 ? '' : 's'}`;

/** A duration of at least one day (or business day): every deadline must fall after the event that starts it. */
export const PositiveDuration = new t.Type<Duration, Duration, unknown>(
  'PositiveDuration',
  (u): u is Duration => Duration.is(u) && ('days' in u ? u.days > 0 : u.businessDays > 0),
  (u, c) => {
    const result = Duration.validate(u, c);
    if (result._tag === 'Left') return result;
    const d = result.right;
    return ('days' in d ? d.days > 0 : d.businessDays > 0)
      ? result
      : t.failure(u, c, 'a duration of at least 1 day, such as { "days": 5 } or { "businessDays": 3 }');
  },
  t.identity,
);
