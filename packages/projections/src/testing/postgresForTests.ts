import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';

/** The PostgreSQL server the integration tests use (`DISPUTEKIT_POSTGRES_URL`, else the local `test` database). */
export const postgresUrl = process.env.DISPUTEKIT_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const probe = `
const { Client } = require(process.argv[2]);
const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
c.connect().then(() => c.query('select 1')).then(() => c.end()).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); });
`;

/**
 * Whether the integration tests can run (test support). Reachable: run. Unreachable and `CI` set:
 * run anyway, so they fail loudly. Unreachable and `CI` unset: skip, printing why.
 */
export const postgresForTests = (): { readonly run: boolean; readonly why?: string } => {
  const result = spawnSync(process.execPath, ['-e', probe, postgresUrl, require.resolve('pg')], { encoding: 'utf8', timeout: 10_000 });
  if (result.status === 0) return { run: true };
  const why = `PostgreSQL at ${postgresUrl} is unreachable (${(result.stderr || result.error?.message || 'no answer').trim()})`;
  if (process.env.CI !== undefined && process.env.CI !== '') return { run: true, why };
  console.warn(`Skipping PostgreSQL integration tests: ${why}. Set CI=1 to make them fail instead.`);
  return { run: false, why };
};

/** A fresh schema name for one test run. */
export const freshSchema = (prefix: string): string => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
