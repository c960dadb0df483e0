import { runCrashCycles } from './crashHarness';
import { tempDirectory } from './tempFiles';

describe('crash safety: a writer killed with SIGKILL at random points', () => {
  it('SQLite: after each of 20 kills every stream is whole and re-sending appends nothing new', async () => {
    const dir = tempDirectory('crash');
    try {
      const started = Date.now();
      const report = await runCrashCycles({ spec: { kind: 'sqlite', filename: dir.file('events.db') }, kills: 20, seed: 7, killAfterMs: [50, 400], slowGuardMs: 15 });
      console.log(`sqlite crash run: ${Date.now() - started} ms`, { ...report, problems: report.problems.length });
      expect(report.problems).toEqual([]);
      expect(report.commandsDone).toBeGreaterThan(100);
      expect(report.inFlightAtKill).toBeGreaterThan(0);
    } finally {
      dir.remove();
    }
  }, 120_000);

  it('SQLite, one stream at a time (no appendToStreams, as on EventStoreDB): kills between a reservation and its opening are repaired', async () => {
    const dir = tempDirectory('crash-one-stream');
    try {
      const started = Date.now();
      const report = await runCrashCycles({
        spec: { kind: 'sqlite', filename: dir.file('events.db') },
        kills: 20,
        seed: 8,
        killAfterMs: [50, 400],
        slowGuardMs: 15,
        multiStream: false,
      });
      console.log(`sqlite one-stream crash run: ${Date.now() - started} ms`, { ...report, problems: report.problems.length });
      expect(report.problems).toEqual([]);
      expect(report.commandsDone).toBeGreaterThan(100);
      expect(report.inFlightAtKill).toBeGreaterThan(0);
    } finally {
      dir.remove();
    }
  }, 120_000);
});
