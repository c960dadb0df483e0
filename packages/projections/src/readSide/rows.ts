/** The storage type of a read-model column; every store maps it to its own SQL type. */
export type ColumnType = 'text' | 'integer' | 'boolean' | 'json';

/** A column of a read-model table: its type, and whether it may hold `null`. */
export interface ColumnSpec {
  readonly type: ColumnType;
  readonly nullable?: boolean;
}

/**
 * A read-model table, storage-agnostic: its name, its key column (a text primary key), its columns
 * and the column lists worth indexing. SQL stores create a real table with one column each.
 */
export interface TableSpec {
  readonly name: string;
  readonly key: string;
  readonly columns: Readonly<Record<string, ColumnSpec>>;
  readonly indexes?: ReadonlyArray<ReadonlyArray<string>>;
}

/** A stored row: column name to value (`json` columns hold any JSON value). */
export type Row = Readonly<Record<string, unknown>>;

/** One change a projection asks for: write a whole row (insert or replace), or delete one by key. */
export type RowChange =
  | { readonly op: 'upsert'; readonly table: string; readonly row: Row }
  | { readonly op: 'delete'; readonly table: string; readonly key: string };

/** A scalar a query may compare a column with. */
export type ScalarValue = string | number | boolean;

/** A condition on one column: equality (a value, or `null` for "is null"), a set, a range, or "is not null". */
export type Condition =
  | ScalarValue
  | null
  | { readonly in: ReadonlyArray<ScalarValue> }
  | { readonly lt: ScalarValue }
  | { readonly lte: ScalarValue }
  | { readonly gt: ScalarValue }
  | { readonly gte: ScalarValue }
  | { readonly notNull: true };

/** A query on one table: every condition holds (AND), ordered, then paged with `offset` and `limit`. */
export interface RowQuery {
  readonly where?: Readonly<Record<string, Condition>>;
  readonly orderBy?: ReadonlyArray<{ readonly column: string; readonly direction?: 'asc' | 'desc' }>;
  readonly limit?: number;
  readonly offset?: number;
}
