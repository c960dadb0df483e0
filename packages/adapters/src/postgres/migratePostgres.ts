import * as E from 'fp-ts/lib/Either.js';
import type { StoreUnavailable } from '@disputekit/core';
import type { PgQueryable, PostgresConnectionOptions } from './postgresClient';
import { retryCatalogRace } from './catalogRace';
import { openPostgresConnection, type PostgresConnection } from './postgresConnection';
import { isConnectionBroken, postgresUnavailable } from './postgresErrors';
import { DEFAULT_POSTGRES_SCHEMA, lockKeysFor, postgresMigrations, quoteSchema } from './postgresSchema';

/** Options of `migratePostgres`. */
export interface MigratePostgresOptions {
  /** The PostgreSQL schema that holds the store's tables (default `disputekit`); created when missing. */
  readonly schema?: string;
}

/** What a migration did: the schema version before and after. */
export interface MigrationOutcome {
  readonly from: number;
  readonly to: number;
}

/** Runs the missing migrations on one connection, inside one transaction, under an advisory lock. */
export const migrateOn = async (connection: PgQueryable, schema: string): Promise<MigrationOutcome> => {
  const s = quoteSchema(schema);
  const migrations = postgresMigrations(schema);
  const [k1, k2] = lockKeysFor(schema).migration;
  await connection.query('BEGIN');
  try {
    // Two processes migrating at once would race on CREATE SCHEMA; the lock makes them take turns.
    await connection.query('SELECT pg_advisory_xact_lock($1, $2)', [k1, k2]);
    await connection.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await connection.query(`CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await connection.query(`SELECT COALESCE(MAX(version), 0)::integer AS version FROM ${s}.schema_migrations`);
    const from = (rows[0] as { version: number }).version;
    if (from > migrations.length) {
      throw new Error(`The PostgreSQL event store schema ${schema} is at version ${from}, newer than this code (${migrations.length}); upgrade @disputekit/adapters.`);
    }
    for (const [index, migration] of migrations.entries()) {
      if (index < from) continue;
      await connection.query(migration);
      await connection.query(`INSERT INTO ${s}.schema_migrations (version) VALUES ($1)`, [index + 1]);
    }
    await connection.query('COMMIT');
    return { from, to: migrations.length };
  } catch (error) {
    await connection.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
};

/** Migrates through an open store connection, mapping failures to `StoreUnavailable`. */
export const migrateThrough = async (connection: PostgresConnection, schema: string): Promise<E.Either<StoreUnavailable, MigrationOutcome>> => {
  try {
    // A read-side store or another process may create the schema at the same moment: run it again then.
    return E.right(await retryCatalogRace(() => connection.withConnection((client) => migrateOn(client, schema), isConnectionBroken)));
  } catch (error) {
    return E.left(postgresUnavailable('migrate the event store schema', error));
  }
};

/**
 * Creates or upgrades the event store's tables: idempotent (running it again changes nothing) and
 * safe to run from several processes at once. Run it at deploy time, or pass `{ migrate: true }` to
 * `createPostgresEventStore` to have the store run it on first use.
 */
export const migratePostgres = async (
  target: PostgresConnectionOptions,
  options: MigratePostgresOptions = {},
): Promise<E.Either<StoreUnavailable, MigrationOutcome>> => {
  const schema = options.schema ?? DEFAULT_POSTGRES_SCHEMA;
  quoteSchema(schema);
  let connection: PostgresConnection;
  try {
    connection = await openPostgresConnection(target);
  } catch (error) {
    return E.left(postgresUnavailable('connect', error));
  }
  try {
    return await migrateThrough(connection, schema);
  } finally {
    await connection.close().catch(() => undefined);
  }
};
