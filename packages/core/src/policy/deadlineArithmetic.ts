import { clampedInstantFromMillis, millisOf, type Instant } from '../codecs/instant';
import type { BusinessCalendar } from './businessCalendar';
import type { Duration } from './duration';

const DAY_MS = 86_400_000;
const MAX_BUSINESS_DAY_SCAN = 3_660;

/**
 * `from + duration`. Calendar days add 24 hours each (UTC). Business days step forward one UTC day
 * at a time, counting only the days the calendar says are business days, and keep the time of day:
 * 3 business days from Friday 10:00 is Wednesday 10:00 with weekends off. The result is clamped to the latest
 * instant the codec accepts (`9999-12-31T23:59:59.999Z`). A calendar with no business
 * day for ten years is treated as if every day were one, so the arithmetic always ends.
 */
export const addDuration = (from: Instant, duration: Duration, calendar: BusinessCalendar): Instant => {
  const start = millisOf(from);
  if ('days' in duration) return clampedInstantFromMillis(start + duration.days * DAY_MS);
  let remaining = duration.businessDays;
  let cursor = start;
  let daysSinceBusinessDay = 0;
  while (remaining > 0) {
    cursor += DAY_MS;
    daysSinceBusinessDay += 1;
    if (daysSinceBusinessDay > MAX_BUSINESS_DAY_SCAN) return clampedInstantFromMillis(start + duration.businessDays * DAY_MS);
    if (calendar.isBusinessDay(new Date(cursor).toISOString().slice(0, 10))) {
      remaining -= 1;
      daysSinceBusinessDay = 0;
    }
  }
  return clampedInstantFromMillis(cursor);
};
