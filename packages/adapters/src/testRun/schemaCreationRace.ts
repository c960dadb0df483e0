import { Client } from 'pg';

/** See `schemaCreationRace`. */
export interface SchemaCreationRace {
  /**
   * Creates `schema` in an open transaction of another session, starts `firstUse`, waits until its
   * `CREATE SCHEMA IF NOT EXISTS` waits on that transaction, commits, and returns `firstUse`'s result.
   */
  racing<A>(schema: string, firstUse: () => Promise<A>): Promise<A>;
  /** Ends both sessions. */
  close(): Promise<void>;
}

/**
 * Makes a store's first use lose the race PostgreSQL has on `CREATE SCHEMA IF NOT EXISTS`, every
 * time: the loser fails with a unique violation on `pg_namespace` once the winner commits (test support).
 */
export const schemaCreationRace = async (url: string): Promise<SchemaCreationRace> => {
  const admin = new Client({ connectionString: url });
  // pg_stat_activity is read from a second session: inside the admin's open transaction it is a snapshot.
  const watcher = new Client({ connectionString: url });
  await admin.connect();
  await watcher.connect();
  return {
    racing: async (schema, firstUse) => {
      await admin.query('BEGIN');
      await admin.query(`CREATE SCHEMA "${schema}"`);
      const result = firstUse();
      try {
        for (;;) {
          const { rows } = await watcher.query(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'CREATE SCHEMA IF NOT EXISTS%' AND query LIKE $1",
            [`%${schema}%`],
          );
          if ((rows[0] as { n: number }).n > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      } finally {
        await admin.query('COMMIT');
      }
      return result;
    },
    close: async () => {
      await admin.end();
      await watcher.end();
    },
  };
};
