import { dirname, extname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { RangedLog } from '@disputekit/core';
import { callerFile } from '@disputekit/core/internal';
import type { SqliteLogRangeOptions } from './sqliteLogRangeReader';
import { SQLITE_EVENTS_TABLE } from './sqliteSchema';

/**
 * The module the workers import for `openSqliteLogRangeReader`: the built `sqlite/index` bundle
 * this code is in, or, from the sources, `sqliteLogRangeReader.ts` beside this file (which imports
 * nothing from core, so that tsx can load it in a worker without a build).
 */
const readerModule = ((): string | undefined => {
  const file = callerFile();
  if (file === undefined) return undefined;
  return extname(file) === '.ts' ? join(dirname(file), 'sqliteLogRangeReader.ts') : file;
})();
/**
 * A SQLite store's log as worker threads read it (`RangedLog`, for `createMerkleLog`'s `rangedLog`
 * and `leafChunks`): each worker opens the file itself (`openSqliteLogRangeReader`). `undefined` for
 * `:memory:`, which no other connection can open, or when this module's file cannot be named.
 */
export const sqliteRangedLog = (options: SqliteLogRangeOptions): RangedLog | undefined => {
  if (options.filename === ':memory:' || options.filename === '' || readerModule === undefined) return undefined;
  return {
    opener: { module: readerModule, exportName: 'openSqliteLogRangeReader', options: { filename: options.filename, ...(options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs }) } },
    lastPosition: async () => {
      const db = new Database(options.filename, { readonly: true, fileMustExist: true, timeout: options.busyTimeoutMs ?? 5000 });
      try {
        return Number(db.prepare(`SELECT COALESCE(MAX(global_position), 0) FROM ${SQLITE_EVENTS_TABLE}`).pluck().get());
      } finally {
        db.close();
      }
    },
  };
};
