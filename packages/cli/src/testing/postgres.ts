import { Client } from 'pg';
import { postgresTestUrl } from '@disputekit/adapters/testRun';

/** The store URL of a schema on the test server. */
export const storeUrlFor = (schema: string, url = postgresTestUrl): string => `${url}${url.includes('?') ? '&' : '?'}schema=${schema}`;

/**
 * Waits (up to a minute) until the global log of `schema` shows every committed event. On PostgreSQL
 * `readAll` shows nothing written after a transaction that is still open anywhere on the server (the
 * late-commit guard, docs/stores/postgres.md); other tests running beside this one hold such
 * transactions, so a reading command run right after a write could see the store as it was before.
 */
export const untilLogShowsAll = async (schema: string, url = postgresTestUrl): Promise<void> => {
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
