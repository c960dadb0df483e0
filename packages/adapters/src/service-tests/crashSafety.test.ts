import { expectSoundCrashRun } from '../testing/service/crashExpectations';
import { runCrashCycles } from '../testing/service/crashHarness';
import { tempDirectory } from '../testing/service/tempFiles';

/** Generous: 20 child processes started through tsx on a loaded machine; it catches a hang, not slowness. */
const HANG = 600_000;

describe('crash safety: a writer killed with SIGKILL at seeded points in its work', () => {
  const dirs: Array<ReturnType<typeof tempDirectory>> = [];
  afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));

  it('SQLite: after each of 20 kills every stream is whole and re-sending appends nothing new', async () => {
    const dir = tempDirectory('crash');
    dirs.push(dir);
    const report = await runCrashCycles({ spec: { kind: 'sqlite', filename: dir.file('events.db') }, kills: 20, seed: 7, killAfterCommands: [5, 60], slowGuardMs: 15 });
    console.log('sqlite crash run', { ...report, problems: report.problems.length });
    expectSoundCrashRun(report, 20);
  }, HANG);

  it('SQLite, one stream at a time (no appendToStreams, as on EventStoreDB): kills between a reservation and its opening are repaired', async () => {
    const dir = tempDirectory('crash-one-stream');
    dirs.push(dir);
    const report = await runCrashCycles({
      spec: { kind: 'sqlite', filename: dir.file('events.db') },
      kills: 20,
      seed: 8,
      killAfterCommands: [5, 60],
      slowGuardMs: 15,
      multiStream: false,
    });
    console.log('sqlite one-stream crash run', { ...report, problems: report.problems.length });
    expectSoundCrashRun(report, 20);
  }, HANG);
});
