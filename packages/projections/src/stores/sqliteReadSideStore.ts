import type { ColumnType } from '../readSide/rows';
import type { ReadSideStoreWithNotifications } from '../notifications/notificationStore';
import type BetterSqlite3 from 'better-sqlite3';
import { quote, type SqlDialect, type SqlDriver, type SqlExecutor, type SqlResult } from './sqlDriver';
import { createSqlReadSideStore, type SqlStoreOptions } from './sqlReadSideStore';

/** Options of `createSqliteReadSideStore`. */
export interface SqliteReadSideStoreOptions extends SqlStoreOptions {
  /** The database file (`:memory:` for a private in-memory database). May be the event store's file. */
  readonly filename: string;
  /** How long to wait for another connection's write lock, in milliseconds (default 5,000). */
  readonly busyTimeoutMs?: number;
}

const sqliteDialect: SqlDialect = {
  param: () => '?',
  columnType: (type: ColumnType) => (type === 'integer' || type === 'boolean' ? 'INTEGER' : 'TEXT'),
  encode: (type, value) => {
    if (value === null || value === undefined) return null;
    if (type === 'boolean') return value === true ? 1 : 0;
    if (type === 'json') return JSON.stringify(value);
    return value;
  },
  decode: (type, value) => {
    if (value === null || value === undefined) return null;
    if (type === 'boolean') return value === 1 || value === true;
    if (type === 'json') return JSON.parse(String(value)) as unknown;
    if (type === 'integer') return Number(value);
    return value;
  },
  offsetOnly: (param) => `LIMIT -1 OFFSET ${param}`,
  maxParams: 30_000,
  table: (name) => quote(name),
  setup: [],
  lostCreateRace: () => false, // one writer at a time: SQLite has no such race
};

/**
 * A driver over one better-sqlite3 connection. Statements are synchronous underneath; a mutex keeps
 * one transaction (or statement) at a time, so an `await` inside a transaction never lets another
 * caller's statement into it. Transactions start with `BEGIN IMMEDIATE` (the write lock up front).
 */
const sqliteDriver = async (options: SqliteReadSideStoreOptions): Promise<SqlDriver> => {
  const { default: Database } = (await import('better-sqlite3')) as unknown as { default: typeof BetterSqlite3 };
  const db = new Database(options.filename);
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5_000}`);
  if (options.filename !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const statements = new Map<string, BetterSqlite3.Statement>();
  const statement = (sql: string) => {
    let s = statements.get(sql);
    if (s === undefined) {
      s = db.prepare(sql);
      statements.set(sql, s);
      if (statements.size > 500) statements.delete(statements.keys().next().value as string);
    }
    return s;
  };
  const runNow = (sql: string, params: ReadonlyArray<unknown> = []): SqlResult => {
    const s = statement(sql);
    if (s.reader) return { rows: s.all(...params) as Array<Record<string, unknown>>, rowCount: 0 };
    const info = s.run(...params);
    return { rows: [], rowCount: info.changes };
  };
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work, work);
    queue = result.catch(() => undefined);
    return result;
  };
  const direct: SqlExecutor = { run: async (sql, params) => runNow(sql, params) };
  return {
    run: (sql, params) => exclusive(async () => runNow(sql, params)),
    transaction: (work) =>
      exclusive(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(direct);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      }),
    close: () => exclusive(async () => void db.close()),
  };
};

/**
 * Read models, checkpoints, catalog, leases and the reactors' state (notifications, cursors) in SQLite
 * (better-sqlite3, an optional peer dependency loaded on first use). Each batch's rows and
 * checkpoint commit in one transaction; the lease is a row with an expiry.
 */
export const createSqliteReadSideStore = (options: SqliteReadSideStoreOptions): ReadSideStoreWithNotifications =>
  createSqlReadSideStore(() => sqliteDriver(options), sqliteDialect, options);
