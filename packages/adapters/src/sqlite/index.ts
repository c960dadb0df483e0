/**
 * @disputekit/adapters/sqlite — an event store in one SQLite file (better-sqlite3).
 * @packageDocumentation
 */
export { createSqliteEventStore, type SqliteEventStoreOptions } from './sqliteEventStore';
export { SQLITE_EVENTS_TABLE, SQLITE_SCHEMA_VERSION, SQLITE_SCHEMA_VERSION_TABLE } from './sqliteSchema';
export { createSqliteTreeStore, SQLITE_TREE_TABLES, type SqliteTreeStoreOptions } from './sqliteTreeStore';
export { createSqliteSnapshotStore, SQLITE_SNAPSHOTS_TABLE, type SqliteSnapshotStore, type SqliteSnapshotStoreOptions } from './sqliteSnapshotStore';
export { openSqliteLogRangeReader, type SqliteLogRangeOptions } from './sqliteLogRangeReader';
export { sqliteRangedLog } from './sqliteLogRanges';
