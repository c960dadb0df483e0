import { removeRunLeftovers } from './runLeftovers';
import { TEST_RUN_ENV } from './testRunId';

/**
 * jest's global teardown (jest.config.cjs): removes what this run left behind (its own
 * `dk_t_<run id>_…` schemas and databases, its `disputekit-t-<run id>-…` folders) and says so;
 * another run's objects are never touched.
 */
export default async function jestGlobalTeardown(): Promise<void> {
  const runId = process.env[TEST_RUN_ENV];
  if (runId === undefined) return;
  const left = await removeRunLeftovers(runId);
  const removed = [...left.schemas.map((s) => `schema ${s}`), ...left.databases.map((d) => `database ${d}`), ...left.folders.map((f) => `folder ${f}`)];
  if (removed.length > 0) console.warn(`\nTest run ${runId} left ${removed.length} thing(s) behind; the global teardown removed them:\n  ${removed.join('\n  ')}`);
  if (left.serverProblem !== undefined && process.env['DISPUTEKIT_TEST_POSTGRES'] === 'up') {
    console.warn(`\nTest run ${runId}: could not check the PostgreSQL server for leftovers (${left.serverProblem}).`);
  }
}
