import { Client } from 'pg';
import { postgresTestUrl, testSchemaName } from '@disputekit/adapters/testRun';

/** The server the integration tests use: `DISPUTEKIT_POSTGRES_URL`, else the local test database. */
export const postgresUrl = postgresTestUrl;

/** A schema name no other test, worker or run uses (`dk_t_<run id>_…`, dropped by the run's teardown if a test does not). */
export const freshSchema = (what: string): string => testSchemaName(what);

/** The store URL of a schema on the test server. */
export const storeUrlFor = (schema: string, url = postgresUrl): string => `${url}${url.includes('?') ? '&' : '?'}schema=${schema}`;

/**
 * Waits (up to a minute) until the global log of `schema` shows every committed event. On PostgreSQL
 * `readAll` shows nothing written after a transaction that is still open anywhere on the server (the
 * late-commit guard, docs/stores/postgres.md); other tests running beside this one hold such
 * transactions, so a reading command run right after a write could see the store as it was before.
 */
export const untilLogShowsAll = async (schema: string, url = postgresUrl): Promise<void> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { rows } = await client.query(`SELECT count(*)::int AS hidden FROM "${schema}".events WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot())`);
      if ((rows[0] as { hidden: number }).hidden === 0 || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await client.end();
  }
};
