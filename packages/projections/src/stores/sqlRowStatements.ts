import type { ProjectionTarget } from '../readSide/readModelStore';
import type { Condition, Row, RowQuery, TableSpec } from '../readSide/rows';
import { tableName, type SqlStoreContext } from './sqlStoreContext';
import { quote, snakeCase, type SqlDialect, type SqlExecutor } from './sqlDriver';
import { normalizeRow } from './tableChecks';

/** The SQL of one condition on a column, binding its values into `params`. */
const conditionSql = (col: string, condition: Condition, bind: (value: unknown) => string): string => {
  if (condition === null) return `${col} IS NULL`;
  if (typeof condition !== 'object') return `${col} = ${bind(condition)}`;
  if ('in' in condition) return condition.in.length === 0 ? '1 = 0' : `${col} IN (${condition.in.map((v) => bind(v)).join(', ')})`;
  if ('lt' in condition) return `${col} < ${bind(condition.lt)}`;
  if ('lte' in condition) return `${col} <= ${bind(condition.lte)}`;
  if ('gt' in condition) return `${col} > ${bind(condition.gt)}`;
  if ('gte' in condition) return `${col} >= ${bind(condition.gte)}`;
  return `${col} IS NOT NULL`;
};

/** The ` WHERE …` clause of a query (empty without conditions), binding its values into `params`. */
export const whereSql = (dialect: SqlDialect, spec: TableSpec, where: RowQuery['where'], params: unknown[]): string => {
  const parts: string[] = [];
  for (const [column, condition] of Object.entries(where ?? {}) as Array<[string, Condition]>) {
    const bind = (value: unknown) => {
      params.push(dialect.encode(spec.columns[column]!.type, value));
      return dialect.param(params.length);
    };
    parts.push(conditionSql(quote(snakeCase(column)), condition, bind));
  }
  return parts.length === 0 ? '' : ` WHERE ${parts.join(' AND ')}`;
};

/** The ` ORDER BY … LIMIT … OFFSET …` tail of a query, binding its values into `params`. */
export const pagingSql = (dialect: SqlDialect, query: RowQuery, params: unknown[]): string => {
  let sql = '';
  if ((query.orderBy ?? []).length > 0) {
    sql += ` ORDER BY ${query.orderBy!.map((o) => `${quote(snakeCase(o.column))} ${o.direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`).join(', ')}`;
  }
  if (query.limit !== undefined) {
    params.push(query.limit);
    sql += ` LIMIT ${dialect.param(params.length)}`;
    if (query.offset !== undefined) {
      params.push(query.offset);
      sql += ` OFFSET ${dialect.param(params.length)}`;
    }
  } else if (query.offset !== undefined) {
    params.push(query.offset);
    sql += ` ${dialect.offsetOnly(dialect.param(params.length))}`;
  }
  return sql;
};

/** The items in slices of at most `size`. */
export const chunk = <T>(items: ReadonlyArray<T>, size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** Inserts or replaces rows by key, as many per statement as the dialect's parameter limit allows. */
export const upsertRows = async (ctx: SqlStoreContext, tx: SqlExecutor, target: ProjectionTarget, spec: TableSpec, rows: ReadonlyArray<Row>): Promise<void> => {
  const { dialect } = ctx;
  const columns = Object.entries(spec.columns);
  const names = columns.map(([c]) => quote(snakeCase(c)));
  const keyColumn = quote(snakeCase(spec.key));
  const updates = names.filter((n) => n !== keyColumn).map((n) => `${n} = excluded.${n}`);
  const perStatement = Math.max(1, Math.floor(dialect.maxParams / columns.length));
  for (const part of chunk(rows, perStatement)) {
    const params: unknown[] = [];
    const values = part.map((row) => {
      const normal = normalizeRow(spec, row);
      return `(${columns
        .map(([c, s]) => {
          params.push(dialect.encode(s.type, normal[c]));
          return dialect.param(params.length);
        })
        .join(', ')})`;
    });
    await tx.run(
      `INSERT INTO ${dialect.table(tableName(ctx, target, spec.name))} (${names.join(', ')}) VALUES ${values.join(', ')} ON CONFLICT (${keyColumn}) DO ${
        updates.length === 0 ? 'NOTHING' : `UPDATE SET ${updates.join(', ')}`
      }`,
      params,
    );
  }
};

/** Deletes rows by key. */
export const deleteRows = async (ctx: SqlStoreContext, tx: SqlExecutor, target: ProjectionTarget, spec: TableSpec, keys: ReadonlyArray<string>): Promise<void> => {
  const { dialect } = ctx;
  for (const part of chunk(keys, dialect.maxParams)) {
    await tx.run(
      `DELETE FROM ${dialect.table(tableName(ctx, target, spec.name))} WHERE ${quote(snakeCase(spec.key))} IN (${part.map((_, i) => dialect.param(i + 1)).join(', ')})`,
      part,
    );
  }
};
