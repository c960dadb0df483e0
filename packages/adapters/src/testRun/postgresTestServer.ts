import { spawnSync } from 'node:child_process';
import pg from 'pg';

/** The server the integration tests use: `DISPUTEKIT_POSTGRES_URL`, else the local `test` database. */
export const postgresTestUrl = process.env['DISPUTEKIT_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Where jest's global setup leaves its probe of the server: `up`, or `down: <why>`. */
export const POSTGRES_PROBE_ENV = 'DISPUTEKIT_TEST_POSTGRES';

/** Whether `CI` is set (then a missing server fails the tests instead of skipping them). */
export const ciIsSet = (): boolean => process.env['CI'] !== undefined && process.env['CI'] !== '';

/** The probe's answer: `undefined` when the server answers, else why not. */
export type PostgresProblem = string | undefined;

/** Connects once, asynchronously (jest's global setup does this for the whole run). */
export const probePostgres = async (url = postgresTestUrl): Promise<PostgresProblem> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
};

/** Records a probe's answer in the environment, for the workers and the processes they start. */
export const recordPostgresProbe = (problem: PostgresProblem): void => {
  process.env[POSTGRES_PROBE_ENV] = problem === undefined ? 'up' : `down: ${problem}`;
};

const probeInChild = (url: string): PostgresProblem => {
  const script = `const { Client } = require(${JSON.stringify(require.resolve('pg'))});
    const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 5000 });
    c.connect().then(() => c.end()).then(() => process.exit(0), (e) => { process.stderr.write(String(e && e.message)); process.exit(1); });`;
  const result = spawnSync(process.execPath, ['-e', script, url], { encoding: 'utf8', timeout: 20_000 });
  return result.status === 0 ? undefined : result.stderr.trim() || result.error?.message || `exit ${String(result.status ?? result.signal)}`;
};

/**
 * Whether the test server answers, known synchronously so that a test file can choose its tests
 * when it loads: the global setup's probe when there was one, else a probe in a child process
 * (remembered for the rest of this process). `undefined` means it answers.
 */
export const postgresTestProblem = (url = postgresTestUrl): PostgresProblem => {
  const recorded = url === postgresTestUrl ? process.env[POSTGRES_PROBE_ENV] : undefined;
  if (recorded === 'up') return undefined;
  if (recorded !== undefined && recorded.startsWith('down: ')) return recorded.slice('down: '.length);
  const problem = probeInChild(url);
  if (url === postgresTestUrl) recordPostgresProbe(problem);
  return problem;
};

/** Drops schemas a test created (their tables with them); names that do not exist are fine. */
export const dropTestSchemas = async (names: ReadonlyArray<string>, url = postgresTestUrl): Promise<void> => {
  if (names.length === 0) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const name of names) await client.query(`DROP SCHEMA IF EXISTS "${name.replaceAll('"', '""')}" CASCADE`);
  } finally {
    await client.end();
  }
};
