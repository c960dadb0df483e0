import { probePostgres, recordPostgresProbe } from './postgresTestServer';
import { newTestRunId, TEST_RUN_ENV } from './testRunId';

/**
 * jest's global setup (jest.config.cjs): gives the run its id, which every test schema, database
 * and temporary folder carries, and probes the PostgreSQL test server once for every file.
 */
export default async function jestGlobalSetup(): Promise<void> {
  process.env[TEST_RUN_ENV] = newTestRunId();
  recordPostgresProbe(await probePostgres());
}
