import { millisOf, type Instant } from '../codecs/instant';
import type { Clock } from './clock';

/** A clock that only moves when told to: for tests, simulations and demos. */
export interface SimulatedClock extends Clock {
  /** Moves the time forward by `ms` milliseconds (never backwards). */
  advance(ms: number): void;
  /** Moves the time to `instant` if it is later than now. */
  advanceTo(instant: Instant | string): void;
}

/** Creates a simulated clock starting at `start`. */
export const createSimulatedClock = (start: Instant | string): SimulatedClock => {
  let now = millisOf(start as Instant);
  if (!Number.isFinite(now)) throw new RangeError(`createSimulatedClock(): not an instant: ${start}`);
  return {
    now: () => now,
    advance(ms) {
      if (ms > 0) now += ms;
    },
    advanceTo(instant) {
      const target = millisOf(instant as Instant);
      if (target > now) now = target;
    },
  };
};
