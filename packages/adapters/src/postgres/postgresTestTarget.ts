import { spawnSync } from 'node:child_process';

/** The server the integration tests use: `DISPUTEKIT_POSTGRES_URL`, else the local test database. */
export const postgresTestUrl = process.env['DISPUTEKIT_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Where the PostgreSQL tests run, decided once when the test file loads. */
export type PostgresTestTarget =
  | { readonly kind: 'server'; readonly url: string }
  | { readonly kind: 'pglite'; readonly reason: string }
  | { readonly kind: 'fail'; readonly reason: string }
  | { readonly kind: 'skip'; readonly reason: string };

/** Tries to connect, synchronously (in a child process), so the test file can choose its tests up front. */
const probe = (url: string): string | undefined => {
  const script = `const { Client } = require(${JSON.stringify(require.resolve('pg'))});
    const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
    c.connect().then(() => c.end()).then(() => process.exit(0), (e) => { process.stderr.write(String(e && e.message)); process.exit(1); });`;
  const result = spawnSync(process.execPath, ['-e', script, url], { encoding: 'utf8', timeout: 10_000 });
  return result.status === 0 ? undefined : result.stderr.trim() || `exit ${String(result.status ?? result.signal)}`;
};

/**
 * The real server when it answers. Otherwise: in CI that is a failure; elsewhere the tests run on
 * PGlite (in-process PostgreSQL), or are skipped when PGlite cannot load either. Always says why.
 */
export const choosePostgresTestTarget = (): PostgresTestTarget => {
  const problem = probe(postgresTestUrl);
  if (problem === undefined) return { kind: 'server', url: postgresTestUrl };
  const unreachable = `PostgreSQL at ${postgresTestUrl} is unreachable (${problem})`;
  if (process.env['CI'] !== undefined && process.env['CI'] !== '') return { kind: 'fail', reason: `${unreachable}, and CI is set: the integration tests need the real server.` };
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
