import type pg from 'pg';
import type { PgPool, PgQueryResult } from '../postgres/postgresClient';

/**
 * A pool for the store whose clients run each statement that contains `marker` (such as
 * `.append_events(`) inside an explicit transaction, and call `beforeCommit(client, result)` between
 * the statement and its COMMIT: as if the server were slow to commit that statement. A failure
 * rolls the transaction back and reaches the store. Every other statement passes through.
 */
export const heldBeforeCommit = (pool: pg.Pool, marker: string, beforeCommit: (client: pg.PoolClient, result: PgQueryResult) => Promise<void>): PgPool => ({
  connect: async () => {
    const client = await pool.connect();
    return {
      query: async (text: string, values?: unknown[]) => {
        if (!text.includes(marker)) return client.query(text, values);
        await client.query('BEGIN');
        try {
          const result = await client.query(text, values);
          await beforeCommit(client, result);
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      },
      release: (destroy?: boolean | Error) => client.release(destroy),
      on: (event: 'error', listener: (error: Error) => void) => client.on(event, listener),
      removeListener: (event: 'error', listener: (error: Error) => void) => client.removeListener(event, listener),
    };
  },
  query: (text, values) => pool.query(text, values),
  end: () => pool.end(),
  on: (event, listener) => pool.on(event, listener),
});
