import pg from 'pg';
import { choosePostgresTestTarget } from '../postgres/postgresTestTarget';

/**
 * Whether the service's PostgreSQL tests run: they need the real server (concurrent connections,
 * child processes, `pg_terminate_backend`), so PGlite does not stand in for it here. In CI an
 * unreachable server is a failure; elsewhere the tests are skipped and the reason is printed.
 */
export type ServicePostgresTarget =
  | { readonly kind: 'server'; readonly url: string }
  | { readonly kind: 'fail'; readonly reason: string }
  | { readonly kind: 'skip'; readonly reason: string };

/** Decides, once per test file, where the service's PostgreSQL tests run. */
export const chooseServicePostgresTarget = (): ServicePostgresTarget => {
  const target = choosePostgresTestTarget();
  if (target.kind === 'server' || target.kind === 'fail') return target;
  // The shared chooser offers PGlite in this case; these tests need the real server, so they skip.
  const unreachable = target.reason.split(';')[0] ?? target.reason;
  return { kind: 'skip', reason: `${unreachable}; CI is unset: skipping the dispute service's PostgreSQL tests, which need the real server.` };
};

/**
 * Declares the tests of a PostgreSQL file: `body(url)` when the server answers; otherwise a failing
 * test (CI) or a skipped one, with the reason printed either way.
 */
export const describePostgres = (title: string, body: (url: string) => void): void => {
  const target = chooseServicePostgresTarget();
  if (target.kind === 'server') {
    describe(title, () => body(target.url));
    return;
  }
  console.warn(target.reason);
  if (target.kind === 'fail') {
    it(`${title}: needs a reachable PostgreSQL server in CI`, () => {
      throw new Error(target.reason);
    });
  } else it.skip(`${title}: ${target.reason}`, () => undefined);
};

const runId = `${process.pid.toString(36)}_${Date.now().toString(36)}`;
let schemas = 0;

/** A schema name no other test or run uses, so runs against a shared server never collide. */
export const freshServiceSchema = (): string => `dk_svc_${runId}_${(schemas += 1)}`;

/** Drops the schemas a test file created (its tables with them). */
export const dropSchemas = async (url: string, names: ReadonlyArray<string>): Promise<void> => {
  if (names.length === 0) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const name of names) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  } finally {
    await client.end();
  }
};

/** A connection string that tags its sessions with `applicationName` (to find them in pg_stat_activity). */
export const withApplicationName = (url: string, applicationName: string): string =>
  `${url}${url.includes('?') ? '&' : '?'}application_name=${encodeURIComponent(applicationName)}`;

/** Waits until no session tagged `applicationName` is left on the server (at most `timeoutMs`). */
export const waitForSessionsToEnd = async (url: string, applicationName: string, timeoutMs = 10_000): Promise<void> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
      if ((rows[0] as { n: number }).n === 0) return;
      if (Date.now() > deadline) throw new Error(`sessions of ${applicationName} are still open after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
};

/** Terminates every session tagged `applicationName` (as if the database went away for them); returns how many. */
export const terminateSessions = async (url: string, applicationName: string): Promise<number> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1) t', [applicationName]);
    return (rows[0] as { n: number }).n;
  } finally {
    await client.end();
  }
};
