import { spawnSync } from 'node:child_process';

/** The server the integration tests use: `DISPUTEKIT_POSTGRES_URL`, else the local test database. */
export const postgresUrl = process.env['DISPUTEKIT_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether the PostgreSQL tests run, and why not when they do not. */
export type PostgresAvailability = { readonly run: true } | { readonly run: false; readonly reason: string; readonly fail: boolean };

/**
 * Probes the server once, synchronously (in a child process), so a test file can decide up front.
 * The CLI runs in other processes, so only a real server will do (no in-process PGlite): when it is
 * unreachable the tests are skipped, saying why — unless CI is set, where that is a failure.
 */
export const postgresAvailability = (): PostgresAvailability => {
  const script = `const { Client } = require(${JSON.stringify(require.resolve('pg'))});
    const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
    c.connect().then(() => c.end()).then(() => process.exit(0), (e) => { process.stderr.write(String(e && e.message)); process.exit(1); });`;
  const probe = spawnSync(process.execPath, ['-e', script, postgresUrl], { encoding: 'utf8', timeout: 10_000 });
  if (probe.status === 0) return { run: true };
  const reason = `PostgreSQL at ${postgresUrl} is unreachable (${probe.stderr.trim() || `exit ${String(probe.status ?? probe.signal)}`})`;
  const ci = process.env['CI'] !== undefined && process.env['CI'] !== '';
  return { run: false, fail: ci, reason: ci ? `${reason}, and CI is set: these tests need the real server.` : `${reason}; CI is unset, so the CLI's PostgreSQL tests are skipped.` };
};

/** A schema name unique to this run. */
export const freshSchema = (prefix: string): string => `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;

/** The store URL of a schema on the test server. */
export const storeUrlFor = (schema: string): string => `${postgresUrl}${postgresUrl.includes('?') ? '&' : '?'}schema=${schema}`;
