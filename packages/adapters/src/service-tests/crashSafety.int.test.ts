import { runCrashCycles } from '../testing/service/crashHarness';
import { expectSoundCrashRun } from '../testing/service/crashExpectations';
import { describeWithPostgres, dropTestSchemas, freshSchema } from '../testRun';
import { waitForSessionsToEnd, withApplicationName } from '../testing/service/postgresServiceTarget';

describeWithPostgres('crash safety on PostgreSQL: a writer killed with SIGKILL at seeded points in its work', (url) => {
  const schema = freshSchema('svc');
  const groupSchema = `${schema}_group`;
  afterAll(() => dropTestSchemas([schema, groupSchema], url));

  /** 20 kills of a writer on its own schema, its appends batched when `groupCommit`. */
  const crashRun = async (groupCommit: boolean): Promise<void> => {
    const applicationName = `${schema}_crash${groupCommit ? '_group' : ''}`;
    const report = await runCrashCycles({
      spec: { kind: 'postgres', connectionString: withApplicationName(url, applicationName), schema: groupCommit ? groupSchema : schema, groupCommit },
      kills: 20,
      seed: groupCommit ? 12 : 11,
      killAfterCommands: [5, 60],
      slowGuardMs: 15,
      // The killed child's transactions end when the server notices; readAll waits for them, so the checks do too.
      settle: () => waitForSessionsToEnd(url, applicationName),
    });
    console.log(`postgres crash run${groupCommit ? ' (group commit)' : ''}`, { ...report, problems: report.problems.length });
    expectSoundCrashRun(report, 20);
  };

  it('after each of 20 kills every stream is whole and re-sending appends nothing new', () => crashRun(false), 600_000);

  it('with group commit (concurrent commands appending in shared transactions): the same after each of 20 kills', () => crashRun(true), 600_000);
});
