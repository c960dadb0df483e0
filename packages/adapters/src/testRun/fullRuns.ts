/** Set to `1` to run heavy tests in full (the N runs of a property, long schedules); the default suite runs fewer. */
export const FULL_RUNS_ENV = 'DISPUTEKIT_FULL_RUNS';

/** Whether this run asked for the full, heavy runs (`DISPUTEKIT_FULL_RUNS=1`). */
export const fullRunsRequested = (): boolean => process.env[FULL_RUNS_ENV] === '1';

/**
 * How many runs a heavy test makes: `quick` in the default suite (which must stay under five
 * minutes on an idle 2-core machine), `full` with `DISPUTEKIT_FULL_RUNS=1`. Put both numbers in
 * the test's title so the output says which one ran.
 */
export const runsFor = (quick: number, full: number): number => (fullRunsRequested() ? full : quick);
