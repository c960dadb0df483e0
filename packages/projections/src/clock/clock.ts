import { instantFromMillis, type Instant } from '@disputekit/core';

/** A source of time, injected so that tests and simulations control it. */
export interface Clock {
  /** The time now, in epoch milliseconds. */
  now(): number;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** The time now as an ISO-8601 instant. */
export const nowInstant = (clock: Clock): Instant => instantFromMillis(clock.now());
