import { runCrashCycles } from '../testing/service/crashHarness';
import { expectSoundCrashRun } from '../testing/service/crashExpectations';
import { describeWithPostgres, dropTestSchemas, freshSchema } from '../testRun';
import { waitForSessionsToEnd, withApplicationName } from '../testing/service/postgresServiceTarget';

describeWithPostgres('crash safety on PostgreSQL: a writer killed with SIGKILL at seeded points in its work', (url) => {
  const schema = freshSchema('svc');
  afterAll(() => dropTestSchemas([schema], url));

  it('after each of 20 kills every stream is whole and re-sending appends nothing new', async () => {
    const applicationName = `${schema}_crash`;
    const report = await runCrashCycles({
      spec: { kind: 'postgres', connectionString: withApplicationName(url, applicationName), schema },
      kills: 20,
      seed: 11,
      killAfterCommands: [5, 60],
      slowGuardMs: 15,
      // The killed child's transactions end when the server notices; readAll waits for them, so the checks do too.
      settle: () => waitForSessionsToEnd(url, applicationName),
    });
    console.log('postgres crash run', { ...report, problems: report.problems.length });
    expectSoundCrashRun(report, 20);
  }, 600_000);
});
