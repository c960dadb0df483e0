/**
 * @disputekit/adapters/postgres — an event store in PostgreSQL (pg 8, a pool, or any client with
 * pg's `query` shape such as PGlite), and its explicit, idempotent migration.
 * @packageDocumentation
 */
// Connections: pg's pool and client shapes (or any client with pg's `query`, such as PGlite)
export type {
  PgPool, PgPoolClient, PgQueryable, PgQueryResult, PostgresConnectionOptions,
} from './postgresClient';

// The event store, its schema and migration, and the Merkle tree store
export { createPostgresEventStore, type PostgresEventStoreOptions } from './postgresEventStore';
export { MAX_GROUP_COMMIT_APPENDS, type GroupCommitOptions } from './postgresGroupCommit';
export { migratePostgres, type MigratePostgresOptions, type MigrationOutcome } from './migratePostgres';
export { DEFAULT_POSTGRES_SCHEMA, POSTGRES_SCHEMA_VERSION } from './postgresSchema';
export { createPostgresTreeStore, type PostgresTreeStoreOptions } from './postgresTreeStore';
export { createPostgresSnapshotStore, POSTGRES_SNAPSHOTS_TABLE, type PostgresSnapshotStore, type PostgresSnapshotStoreOptions } from './postgresSnapshotStore';

// Reading the log by position range from worker threads (the Merkle log's first builds and checks)
export { openPostgresLogRangeReader, type PostgresLogRangeOptions } from './postgresLogRangeReader';
export { postgresRangedLog } from './postgresLogRanges';
