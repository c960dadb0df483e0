import { runCrashCycles } from './crashHarness';
import { describePostgres, dropSchemas, freshServiceSchema, waitForSessionsToEnd, withApplicationName } from './postgresServiceTarget';

describePostgres('crash safety on PostgreSQL: a writer killed with SIGKILL at random points', (url) => {
  const schema = freshServiceSchema();
  afterAll(() => dropSchemas(url, [schema]));

  it('after each of 20 kills every stream is whole and re-sending appends nothing new', async () => {
    const started = Date.now();
    const applicationName = `${schema}_crash`;
    const report = await runCrashCycles({
      spec: { kind: 'postgres', connectionString: withApplicationName(url, applicationName), schema },
      kills: 20,
      seed: 11,
      killAfterMs: [50, 500],
      slowGuardMs: 15,
      // The killed child's transactions end when the server notices; readAll waits for them, so the checks do too.
      settle: () => waitForSessionsToEnd(url, applicationName),
    });
    console.log(`postgres crash run: ${Date.now() - started} ms`, { ...report, problems: report.problems.length });
    expect(report.problems).toEqual([]);
    expect(report.commandsDone).toBeGreaterThan(100);
    expect(report.inFlightAtKill).toBeGreaterThan(0);
  }, 120_000);
});
