import Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { storeClosed, type SnapshotStore, type StoredSnapshot, type StreamId } from '@disputekit/core';
import { sqliteUnavailable } from './sqliteErrors';

/** The table of the dispute snapshots, beside the events in the same file. */
export const SQLITE_SNAPSHOTS_TABLE = 'disputekit_snapshots';

/** Options of `createSqliteSnapshotStore`. */
export interface SqliteSnapshotStoreOptions {
  /** The event store's SQLite file (the snapshot table is created in it when missing). */
  readonly filename: string;
  /** How long a write waits for another connection's write lock (default 5,000 ms). */
  readonly busyTimeoutMs?: number;
}

/** A `SnapshotStore` that can be closed (its own connection to the file). */
export interface SqliteSnapshotStore extends SnapshotStore {
  /** Closes the connection; later calls answer `StoreClosed`. */
  close(): void;
}

interface SnapshotRow {
  readonly version: number;
  readonly hash: string;
  readonly schemaVersion: number;
  readonly state: string;
  readonly stateHash: string;
}

/** Runs one statement, mapping a SQLite failure to `StoreUnavailable` (anything else is a bug and throws). */
const guarded = <A>(operation: string, work: () => A): E.Either<ReturnType<typeof storeClosed> | NonNullable<ReturnType<typeof sqliteUnavailable>>, A> => {
  try {
    return E.right(work());
  } catch (error) {
    const unavailable = sqliteUnavailable(operation, error);
    if (unavailable === undefined) throw error;
    return E.left(unavailable);
  }
};

/**
 * Dispute snapshots in the event store's SQLite file, one row per stream in their own table
 * (`disputekit_snapshots`), through a connection of their own; `save` replaces the stream's row.
 * Derived data: the table can be dropped at any time, and is refilled as streams are read.
 */
export const createSqliteSnapshotStore = (options: SqliteSnapshotStoreOptions): SqliteSnapshotStore => {
  const db = new Database(options.filename, { timeout: options.busyTimeoutMs ?? 5000 });
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS ${SQLITE_SNAPSHOTS_TABLE} (
    stream_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    hash TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    state TEXT NOT NULL,
    state_hash TEXT NOT NULL
  ) WITHOUT ROWID`);
  const load = db.prepare(`SELECT version, hash, schema_version AS schemaVersion, state, state_hash AS stateHash FROM ${SQLITE_SNAPSHOTS_TABLE} WHERE stream_id = ?`);
  const save = db.prepare(`INSERT OR REPLACE INTO ${SQLITE_SNAPSHOTS_TABLE} (stream_id, version, hash, schema_version, state, state_hash) VALUES (?, ?, ?, ?, ?, ?)`);
  let closed = false;
  return {
    load: async (streamId: StreamId) => {
      if (closed) return E.left(storeClosed());
      return guarded('read a snapshot', () => {
        const row = load.get(streamId) as SnapshotRow | undefined;
        return row === undefined ? undefined : ({ streamId, ...row } satisfies StoredSnapshot);
      });
    },
    save: async (snapshot) => {
      if (closed) return E.left(storeClosed());
      return guarded('write a snapshot', () => {
        save.run(snapshot.streamId, snapshot.version, snapshot.hash, snapshot.schemaVersion, snapshot.state, snapshot.stateHash);
      });
    },
    close: () => {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
};
