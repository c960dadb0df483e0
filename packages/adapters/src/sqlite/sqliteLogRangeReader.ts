import Database from 'better-sqlite3';
import type { LogRangeReader } from '@disputekit/core';
import { SQLITE_EVENTS_TABLE } from './sqliteSchema';

// Loaded by worker threads, from the sources too (through tsx): no value import from '@disputekit/core' here.

/** Options of `openSqliteLogRangeReader` (what a worker thread is sent: structured-cloneable). */
export interface SqliteLogRangeOptions {
  /** The store's SQLite file. */
  readonly filename: string;
  /** How long a read waits for a writer's lock (default 5,000 ms). */
  readonly busyTimeoutMs?: number;
}

/**
 * A reader of a SQLite store's log by position range (`LogRangeReader`), on its own read-only
 * connection: what each worker thread of `leafChunks` opens. Rows come as stored (data and metadata
 * as JSON text), in the columns `decodeLogRows` takes.
 */
export const openSqliteLogRangeReader = (options: SqliteLogRangeOptions): LogRangeReader => {
  const db = new Database(options.filename, { readonly: true, fileMustExist: true, timeout: options.busyTimeoutMs ?? 5000 });
  const read = db
    .prepare(`SELECT stream_id, version, global_position, event_id, type, data, metadata FROM ${SQLITE_EVENTS_TABLE} WHERE global_position > ? AND global_position <= ? ORDER BY global_position LIMIT ?`)
    .raw();
  return {
    readRows: (after, upTo, maxCount) => read.all(after, upTo, maxCount) as unknown[][],
    close: () => void db.close(),
  };
};
