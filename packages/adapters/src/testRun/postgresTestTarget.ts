import { ciIsSet, postgresTestProblem, postgresTestUrl } from './postgresTestServer';

/** Where the PostgreSQL tests run, decided once when the test file loads. */
export type PostgresTestTarget =
  | { readonly kind: 'server'; readonly url: string }
  | { readonly kind: 'pglite'; readonly reason: string }
  | { readonly kind: 'fail'; readonly reason: string }
  | { readonly kind: 'skip'; readonly reason: string };

/**
 * The real server when it answers (the run's one probe, `postgresTestProblem`). Otherwise: in CI that is a
 * failure; elsewhere the tests run on PGlite (in-process PostgreSQL), or are skipped when PGlite
 * cannot load either. Always says why.
 */
export const choosePostgresTestTarget = (): PostgresTestTarget => {
  const problem = postgresTestProblem();
  if (problem === undefined) return { kind: 'server', url: postgresTestUrl };
  const unreachable = `PostgreSQL at ${postgresTestUrl} is unreachable (${problem})`;
  if (ciIsSet()) return { kind: 'fail', reason: `${unreachable}, and CI is set: the integration tests need the real server.` };
  try {
    require('@electric-sql/pglite');
  } catch (error) {
    return { kind: 'skip', reason: `${unreachable}; CI is unset, and PGlite cannot load here (${error instanceof Error ? error.message : String(error)}): skipping.` };
  }
  // PGlite loads its WebAssembly through a dynamic import, which jest only allows with this flag.
  const vmModules = [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].some((arg) => arg.includes('--experimental-vm-modules'));
  if (process.env['JEST_WORKER_ID'] !== undefined && !vmModules) {
    return {
      kind: 'skip',
      reason: `${unreachable}; CI is unset, and PGlite cannot start under jest without node --experimental-vm-modules: skipping (run NODE_OPTIONS=--experimental-vm-modules npx jest ${'<file>'} to use PGlite).`,
    };
  }
  return { kind: 'pglite', reason: `${unreachable}; CI is unset, so these tests run on PGlite instead.` };
};
