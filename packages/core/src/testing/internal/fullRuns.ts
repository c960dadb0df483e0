/**
 * How many runs a heavy property makes in core's own tests: `quick` by default, `full` with
 * `DISPUTEKIT_FULL_RUNS=1`. The same rule as `runsFor` in `@disputekit/adapters/testRun`, which
 * every other package's tests use; core cannot depend on adapters, so its tests import this file
 * (not exported from `@disputekit/core/testing`, never published).
 */
export const runsFor = (quick: number, full: number): number => (process.env['DISPUTEKIT_FULL_RUNS'] === '1' ? full : quick);
