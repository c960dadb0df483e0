import type { Condition, Row, RowQuery } from '../readSide/rows';

const compareValues = (a: unknown, b: unknown): number => {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

const holds = (value: unknown, condition: Condition): boolean => {
  if (condition === null) return value === null || value === undefined;
  if (typeof condition !== 'object') return value === condition;
  if (value === null || value === undefined) return false;
  if ('in' in condition) return condition.in.includes(value as never);
  if ('lt' in condition) return compareValues(value, condition.lt) < 0;
  if ('lte' in condition) return compareValues(value, condition.lte) <= 0;
  if ('gt' in condition) return compareValues(value, condition.gt) > 0;
  if ('gte' in condition) return compareValues(value, condition.gte) >= 0;
  return true; // notNull
};

/** True when the row satisfies every condition of `where`. */
export const rowMatches = (row: Row, where: RowQuery['where']): boolean =>
  Object.entries(where ?? {}).every(([column, condition]) => holds(row[column], condition));

/**
 * Orders rows as every store does: by each column in turn, `null` last in both directions, text
 * by code unit (like SQL's binary / "C" collation).
 */
export const compareRows =
  (orderBy: RowQuery['orderBy']) =>
  (a: Row, b: Row): number => {
    for (const { column, direction } of orderBy ?? []) {
      const x = a[column];
      const y = b[column];
      const xNull = x === null || x === undefined;
      const yNull = y === null || y === undefined;
      if (xNull || yNull) {
        if (xNull && yNull) continue;
        return xNull ? 1 : -1;
      }
      const c = compareValues(x, y);
      if (c !== 0) return direction === 'desc' ? -c : c;
    }
    return 0;
  };

/** Runs a query over rows in memory: filter, order, page. */
export const runQuery = (rows: Iterable<Row>, query: RowQuery): ReadonlyArray<Row> => {
  const matching = [...rows].filter((r) => rowMatches(r, query.where));
  matching.sort(compareRows(query.orderBy));
  const offset = query.offset ?? 0;
  return matching.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
};
