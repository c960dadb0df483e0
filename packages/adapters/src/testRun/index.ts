/**
 * Test support shared by every package's tests in this workspace (not published: the package's
 * `exports` has no `./testRun`). One run id per jest run names every test schema, database and
 * temporary folder, so the global teardown removes exactly what this run created; one probe of
 * the PostgreSQL test server decides, with a printed reason, whether its tests run.
 * See docs/guides/testing.md.
 * @packageDocumentation
 */
export * from './testRunId';
export * from './testNames';
export * from './postgresTestServer';
export * from './postgresTests';
export * from './postgresTestTarget';
export * from './postgresOrPglite';
export * from './heldBeforeCommit';
export * from './fullRuns';
export { removeRunLeftovers, type RunLeftovers } from './runLeftovers';
export * from './schemaCreationRace';
