import { invalidReadModelQuery, type InvalidReadModelQuery } from '../readSide/readModelErrors';
import { type Row, type RowQuery, type TableSpec } from '../readSide/rows';

/** Checks that a query names only columns of the table; returns the problem, if any. */
export const checkQuery = (spec: TableSpec, query: RowQuery): InvalidReadModelQuery | undefined => {
  for (const column of Object.keys(query.where ?? {})) {
    if (!(column in spec.columns)) return invalidReadModelQuery(`Table ${spec.name} has no column ${column}.`);
  }
  for (const order of query.orderBy ?? []) {
    if (!(order.column in spec.columns)) return invalidReadModelQuery(`Table ${spec.name} has no column ${order.column} to order by.`);
  }
  if (query.limit !== undefined && (!Number.isSafeInteger(query.limit) || query.limit < 0)) {
    return invalidReadModelQuery(`limit must be a non-negative integer, got ${query.limit}.`);
  }
  if (query.offset !== undefined && (!Number.isSafeInteger(query.offset) || query.offset < 0)) {
    return invalidReadModelQuery(`offset must be a non-negative integer, got ${query.offset}.`);
  }
  return undefined;
};

/** The row with exactly the table's columns, missing ones as `null` (what every store returns). */
export const normalizeRow = (spec: TableSpec, row: Row): Row => {
  const out: Record<string, unknown> = {};
  for (const column of Object.keys(spec.columns)) out[column] = row[column] ?? null;
  return out;
};

