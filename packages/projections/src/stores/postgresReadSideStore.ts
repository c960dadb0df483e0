import type { ColumnType } from '../readSide/rows';
import type { ReadSideStoreWithNotifications } from '../notifications/notificationStore';
import type * as Pg from 'pg';
import { quote, type SqlDialect, type SqlDriver, type SqlExecutor } from './sqlDriver';
import { createSqlReadSideStore, type SqlStoreOptions } from './sqlReadSideStore';

/** Options of `createPostgresReadSideStore`. */
export interface PostgresReadSideStoreOptions extends SqlStoreOptions {
  /** A `postgres://` connection string. */
  readonly connectionString: string;
  /** The schema of the read-model tables (default `public`); created if missing. */
  readonly schema?: string;
  /** Most pooled connections (default 5). */
  readonly maxConnections?: number;
}

const postgresDialect = (schema: string): SqlDialect => ({
  param: (n) => `$${n}`,
  columnType: (type: ColumnType) =>
    type === 'integer' ? 'BIGINT' : type === 'boolean' ? 'BOOLEAN' : type === 'json' ? 'JSONB' : 'TEXT COLLATE "C"',
  encode: (type, value) => {
    if (value === null || value === undefined) return null;
    return type === 'json' ? JSON.stringify(value) : value;
  },
  decode: (type, value) => {
    if (value === null || value === undefined) return null;
    if (type === 'integer') return Number(value);
    return value;
  },
  offsetOnly: (param) => `OFFSET ${param}`,
  maxParams: 60_000,
  table: (name) => `${quote(schema)}.${quote(name)}`,
  setup: [`CREATE SCHEMA IF NOT EXISTS ${quote(schema)}`],
  lostCreateRace: (error) => {
    const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
    return code === '42P06' || code === '42P07' || code === '42710' || (code === '23505' && typeof constraint === 'string' && constraint.startsWith('pg_'));
  },
});

const postgresDriver = async (options: PostgresReadSideStoreOptions): Promise<SqlDriver> => {
  const pg = (await import('pg')) as unknown as { default?: typeof Pg } & typeof Pg;
  const Pool = (pg.default ?? pg).Pool;
  const pool = new Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 5 });
  pool.on('error', () => undefined); // an idle client's failure surfaces on the next query instead
  const runOn = async (client: Pg.Pool | Pg.PoolClient, sql: string, params: ReadonlyArray<unknown> = []) => {
    const result = await client.query(sql, params as unknown[]);
    return { rows: result.rows as Array<Record<string, unknown>>, rowCount: result.rowCount ?? 0 };
  };
  return {
    run: (sql, params) => runOn(pool, sql, params),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: SqlExecutor = { run: (sql, params) => runOn(client, sql, params) };
        const result = await work(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
};

/**
 * Read models, checkpoints, catalog, leases and the reactors' state (notifications, cursors) in PostgreSQL
 * (pg, an optional peer dependency loaded on first use). Each batch's rows and checkpoint commit
 * in one transaction, compare-and-set on the checkpoint row; the lease is a row with an expiry.
 */
export const createPostgresReadSideStore = (options: PostgresReadSideStoreOptions): ReadSideStoreWithNotifications =>
  createSqlReadSideStore(() => postgresDriver(options), postgresDialect(options.schema ?? 'public'), options);
