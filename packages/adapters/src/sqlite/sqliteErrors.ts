import { storeUnavailable, type StoreUnavailable } from '@disputekit/core';

/** Whether a value is an error raised by SQLite (better-sqlite3's `SqliteError`, with a `SQLITE_…` code). */
const isSqliteError = (error: unknown): error is Error & { code: string } =>
  // Checked by shape, not `instanceof Error`: an error from a module loaded in another realm (a jest
  // worker's second copy of better-sqlite3, a vm context) is not an instance of this realm's Error.
  typeof error === 'object' &&
  error !== null &&
  typeof (error as { code?: unknown }).code === 'string' &&
  typeof (error as { message?: unknown }).message === 'string' &&
  (error as { code: string }).code.startsWith('SQLITE_');

/** Which unique rule an insert broke, if it was a unique-constraint failure. */
export const brokenUniqueRule = (error: unknown): 'event_id' | 'stream_version' | undefined => {
  if (!isSqliteError(error) || !error.code.startsWith('SQLITE_CONSTRAINT')) return undefined;
  if (/\.event_id\b/.test(error.message)) return 'event_id';
  if (/\.stream_id\b/.test(error.message) || /\.version\b/.test(error.message)) return 'stream_version';
  return undefined;
};

/** Maps a SQLite failure (busy, locked, I/O, full, corrupt file…) to `StoreUnavailable`; other errors are not SQLite's and return undefined. */
export const sqliteUnavailable = (operation: string, error: unknown): StoreUnavailable | undefined =>
  isSqliteError(error) ? storeUnavailable(`SQLite could not ${operation} (${error.code})`, error) : undefined;
