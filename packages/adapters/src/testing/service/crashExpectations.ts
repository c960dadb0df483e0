import type { CrashRunReport } from './crashHarness';

/** What every crash run must have seen: a whole store after each kill, the planned work done, and kills that caught commands in flight. */
export const expectSoundCrashRun = (report: CrashRunReport, kills: number): void => {
  expect(report.problems).toEqual([]);
  expect(report.kills).toBe(kills);
  expect(report.commandsDone).toBeGreaterThanOrEqual(report.commandsPlanned);
  // The child always has a command of each worker between `sent` and `done` when it is killed.
  expect(report.inFlightAtKill).toBeGreaterThan(0);
};
