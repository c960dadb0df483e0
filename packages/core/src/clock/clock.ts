import { instantFromMillis, millisOf, type Instant } from '../codecs/instant';

/**
 * A source of time, injected so that tests and simulations control it. One clock for every package:
 * the service reads it for `metadata.recordedAt`, the runner and reactors for leases and deadlines.
 * The domain (`decide`, `evolve`) never reads one: its time comes with each command's `at`.
 */
export interface Clock {
  /** The time now, in epoch milliseconds. */
  now(): number;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that always reads `at`: for tests and examples that need one fixed time. */
export const fixedClock = (at: Instant | string): Clock => {
  const millis = millisOf(at as Instant);
  if (!Number.isFinite(millis)) throw new RangeError(`fixedClock(): not an instant: ${at}`);
  return { now: () => millis };
};

/** The time now as an ISO-8601 instant. */
export const nowInstant = (clock: Clock): Instant => instantFromMillis(clock.now());
