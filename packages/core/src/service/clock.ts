/**
 * Where the service gets the time it writes into `metadata.recordedAt`. The domain never reads a
 * clock (its time comes with each command's `at`); the service may, and tests inject a fixed one.
 */
export type Clock = () => Date;

/** The wall clock. */
export const systemClock: Clock = () => new Date();
