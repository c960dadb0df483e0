import type { ColumnType } from '../readSide/rows';

/** The result of one SQL statement. */
export interface SqlResult {
  readonly rows: ReadonlyArray<Record<string, unknown>>;
  /** Rows inserted, updated or deleted. */
  readonly rowCount: number;
}

/** Runs SQL statements (with positional parameters). */
export interface SqlExecutor {
  run(sql: string, params?: ReadonlyArray<unknown>): Promise<SqlResult>;
}

/** A database connection (or pool) as the SQL read-side store needs it. */
export interface SqlDriver extends SqlExecutor {
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** What differs between SQL databases, for the read-side store. */
export interface SqlDialect {
  /** The `n`-th (1-based) positional parameter. */
  param(n: number): string;
  /** The SQL type of a column type. */
  columnType(type: ColumnType): string;
  /** A JavaScript value as the driver should bind it. */
  encode(type: ColumnType, value: unknown): unknown;
  /** A value the driver returned, as a JavaScript value. */
  decode(type: ColumnType, value: unknown): unknown;
  /** The SQL of `OFFSET n` without a `LIMIT`. */
  offsetOnly(param: string): string;
  /** Most parameters one statement may bind. */
  readonly maxParams: number;
  /** A table name, schema-qualified and quoted. */
  table(name: string): string;
  /** Statements run once before anything else (schema creation). */
  readonly setup: ReadonlyArray<string>;
  /**
   * Whether a failed `CREATE … IF NOT EXISTS` lost a race with another session creating the same
   * object (PostgreSQL: a unique violation on a `pg_*` catalog index, or "already exists"): the
   * store then runs its creation statements again, and they find what the winner made.
   */
  lostCreateRace(error: unknown): boolean;
}

/** Quotes an SQL identifier. */
export const quote = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

/** `disputeId` → `dispute_id`: the SQL name of a read-model column. */
export const snakeCase = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
