import { storeUnavailable, type StoreUnavailable } from '@disputekit/core';
import type { PgQueryable } from './postgresClient';
import { postgresMigrations, quoteSchema } from './postgresSchema';

/**
 * Checks, with reads only, that a schema holds a disputekit event store of this code's version:
 * its `events` and `schema_migrations` tables exist and the recorded version is the code's. Returns
 * the `StoreUnavailable` that says what is wrong, or undefined. For read-only stores, which must
 * neither create nor migrate anything.
 */
export const checkEventStoreSchema = async (connection: PgQueryable, schema: string): Promise<StoreUnavailable | undefined> => {
  const s = quoteSchema(schema);
  const { rows } = await connection.query('SELECT to_regclass($1) IS NOT NULL AS "events", to_regclass($2) IS NOT NULL AS "migrations"', [`${s}.events`, `${s}.schema_migrations`]);
  const found = rows[0] as { events: boolean; migrations: boolean };
  if (!found.events || !found.migrations) {
    return storeUnavailable(`The schema ${schema} holds no disputekit event store (no table ${schema}.${found.events ? 'schema_migrations' : 'events'}); nothing was created`);
  }
  const version = ((await connection.query(`SELECT COALESCE(MAX(version), 0)::integer AS version FROM ${s}.schema_migrations`)).rows[0] as { version: number }).version;
  const expected = postgresMigrations(schema).length;
  if (version !== expected) {
    return storeUnavailable(
      version > expected
        ? `The PostgreSQL event store schema ${schema} is at version ${version}, newer than this code (${expected}); upgrade @disputekit/adapters`
        : `The PostgreSQL event store schema ${schema} is at version ${version}, older than this code (${expected}); migrate it (migratePostgres) first`,
    );
  }
  return undefined;
};
