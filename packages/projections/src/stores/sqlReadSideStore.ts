import { createHash } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import {
  checkpointConflict,
  invalidReadModelQuery,
  readModelClosed,
  readModelUnavailable,
  type CheckpointConflict,
  type Condition,
  type ParkedStream,
  type ProjectionCatalogEntry,
  type ProjectionTarget,
  type ReadModelError,
  type Row,
  type RowQuery,
  type TableSpec,
} from '@disputekit/core';
import type { ReadSideStoreWithNotifications } from '../notifications/notificationStore';
import { createSqlNotificationStore, notificationTablesSql } from './sqlNotificationStore';
import { quote, snakeCase, type SqlDialect, type SqlDriver, type SqlExecutor } from './sqlDriver';
import { checkQuery, normalizeRow } from './tableChecks';

/** Options shared by the SQL read-side stores. */
export interface SqlStoreOptions {
  /** Prefix of every table this store creates (default `rm_`). */
  readonly tablePrefix?: string;
}

class Conflict {
  constructor(readonly error: CheckpointConflict) {}
}

const shortHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 12);

/**
 * The read-side store over any SQL database: one real table per read-model table and generation
 * (`rm_{projection}__{table}__g{generation}`), plus `rm_checkpoints`, `rm_catalog`, `rm_leases` and
 * the notification reactors' `rm_notification_checkpoints` and `rm_dead_letters`, all created on
 * first use. `commit` runs the checkpoint's compare-and-set, the deletes and the upserts in one transaction.
 */
export const createSqlReadSideStore = (
  connect: () => Promise<SqlDriver>,
  dialect: SqlDialect,
  options: SqlStoreOptions = {},
): ReadSideStoreWithNotifications => {
  const prefix = options.tablePrefix ?? 'rm_';
  const checkpoints = dialect.table(`${prefix}checkpoints`);
  const catalog = dialect.table(`${prefix}catalog`);
  const leases = dialect.table(`${prefix}leases`);
  const tableSpecs = dialect.table(`${prefix}tables`);
  const parkedStreams = dialect.table(`${prefix}parked`);
  const specs = new Map<string, TableSpec>();
  let driver: Promise<SqlDriver> | undefined;
  let closed = false;

  const open = (): Promise<SqlDriver> => {
    driver ??= (async () => {
      const d = await connect();
      // Creation races with other sessions (the event store's migration, another instance) are run again.
      const createTables = async (attemptsLeft: number): Promise<void> => {
        try {
          for (const statement of dialect.setup) await d.run(statement);
          await d.run(
            `CREATE TABLE IF NOT EXISTS ${checkpoints} (projection TEXT NOT NULL, generation INTEGER NOT NULL, position ${dialect.columnType('integer')} NOT NULL, PRIMARY KEY (projection, generation))`,
          );
          await d.run(`CREATE TABLE IF NOT EXISTS ${catalog} (projection TEXT PRIMARY KEY, entry TEXT NOT NULL)`);
          await d.run(`CREATE TABLE IF NOT EXISTS ${leases} (projection TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at ${dialect.columnType('integer')} NOT NULL)`);
          await d.run(
            `CREATE TABLE IF NOT EXISTS ${tableSpecs} (projection TEXT NOT NULL, generation INTEGER NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL, PRIMARY KEY (projection, generation, name))`,
          );
          for (const statement of notificationTablesSql(dialect, prefix)) await d.run(statement);
          await d.run(
            `CREATE TABLE IF NOT EXISTS ${parkedStreams} (projection TEXT NOT NULL, generation INTEGER NOT NULL, stream_id TEXT NOT NULL, global_position ${dialect.columnType('integer')} NOT NULL, version INTEGER NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (projection, generation, stream_id))`,
          );
        } catch (error) {
          if (attemptsLeft > 0 && dialect.lostCreateRace(error)) return createTables(attemptsLeft - 1);
          throw error;
        }
      };
      try {
        await createTables(2);
      } catch (error) {
        driver = undefined;
        await d.close().catch(() => undefined);
        throw error;
      }
      return d;
    })();
    return driver;
  };

  const attempt = async <A>(what: string, work: (d: SqlDriver) => Promise<E.Either<ReadModelError, A>>): Promise<E.Either<ReadModelError, A>> => {
    if (closed) return E.left(readModelClosed());
    try {
      return await work(await open());
    } catch (error) {
      if (error instanceof Conflict) return E.left(error.error);
      return E.left(readModelUnavailable(`Read-model store failed to ${what}`, error));
    }
  };

  const tableName = (target: ProjectionTarget, table: string) => `${prefix}${target.projection}__${table}__g${target.generation}`;
  const specId = (target: ProjectionTarget, table: string) => `${target.projection}\u0000${target.generation}\u0000${table}`;
  /** The table's spec: remembered from `prepare`, else read from `rm_tables` (a reader in another process). */
  const specOf = async (ex: SqlExecutor, target: ProjectionTarget, table: string): Promise<E.Either<ReadModelError, TableSpec>> => {
    const known = specs.get(specId(target, table));
    if (known !== undefined) return E.right(known);
    const result = await ex.run(
      `SELECT spec FROM ${tableSpecs} WHERE projection = ${dialect.param(1)} AND generation = ${dialect.param(2)} AND name = ${dialect.param(3)}`,
      [target.projection, target.generation, table],
    );
    const text = result.rows[0]?.spec;
    if (typeof text !== 'string') {
      return E.left(invalidReadModelQuery(`Table ${table} of projection ${target.projection} (generation ${target.generation}) does not exist.`));
    }
    const spec = JSON.parse(text) as TableSpec;
    specs.set(specId(target, table), spec);
    return E.right(spec);
  };
  const columnsOf = (spec: TableSpec) => Object.entries(spec.columns);
  const decodeRow = (spec: TableSpec, raw: Record<string, unknown>): Row => {
    const row: Record<string, unknown> = {};
    for (const [column, c] of columnsOf(spec)) row[column] = dialect.decode(c.type, raw[snakeCase(column)]);
    return row;
  };

  const whereSql = (spec: TableSpec, where: RowQuery['where'], params: unknown[]): string => {
    const parts: string[] = [];
    const bind = (column: string, value: unknown) => {
      params.push(dialect.encode(spec.columns[column]!.type, value));
      return dialect.param(params.length);
    };
    for (const [column, condition] of Object.entries(where ?? {}) as Array<[string, Condition]>) {
      const col = quote(snakeCase(column));
      if (condition === null) parts.push(`${col} IS NULL`);
      else if (typeof condition !== 'object') parts.push(`${col} = ${bind(column, condition)}`);
      else if ('in' in condition) parts.push(condition.in.length === 0 ? '1 = 0' : `${col} IN (${condition.in.map((v) => bind(column, v)).join(', ')})`);
      else if ('lt' in condition) parts.push(`${col} < ${bind(column, condition.lt)}`);
      else if ('lte' in condition) parts.push(`${col} <= ${bind(column, condition.lte)}`);
      else if ('gt' in condition) parts.push(`${col} > ${bind(column, condition.gt)}`);
      else if ('gte' in condition) parts.push(`${col} >= ${bind(column, condition.gte)}`);
      else parts.push(`${col} IS NOT NULL`);
    }
    return parts.length === 0 ? '' : ` WHERE ${parts.join(' AND ')}`;
  };

  const chunk = <T>(items: ReadonlyArray<T>, size: number): T[][] => {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
  };

  const upsertRows = async (tx: SqlExecutor, target: ProjectionTarget, spec: TableSpec, rows: ReadonlyArray<Row>) => {
    const columns = columnsOf(spec);
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
        `INSERT INTO ${dialect.table(tableName(target, spec.name))} (${names.join(', ')}) VALUES ${values.join(', ')} ON CONFLICT (${keyColumn}) DO ${
          updates.length === 0 ? 'NOTHING' : `UPDATE SET ${updates.join(', ')}`
        }`,
        params,
      );
    }
  };

  const deleteRows = async (tx: SqlExecutor, target: ProjectionTarget, spec: TableSpec, keys: ReadonlyArray<string>) => {
    for (const part of chunk(keys, dialect.maxParams)) {
      await tx.run(
        `DELETE FROM ${dialect.table(tableName(target, spec.name))} WHERE ${quote(snakeCase(spec.key))} IN (${part.map((_, i) => dialect.param(i + 1)).join(', ')})`,
        part,
      );
    }
  };

  const readPosition = async (ex: SqlExecutor, target: ProjectionTarget): Promise<number | undefined> => {
    const result = await ex.run(`SELECT position FROM ${checkpoints} WHERE projection = ${dialect.param(1)} AND generation = ${dialect.param(2)}`, [
      target.projection,
      target.generation,
    ]);
    const value = result.rows[0]?.position;
    return value === undefined || value === null ? undefined : Number(value);
  };

  return {
    ...createSqlNotificationStore(attempt, dialect, prefix),
    prepare: (target, tables) =>
      attempt('create tables', async (d) => {
        for (const spec of tables) {
          const name = tableName(target, spec.name);
          const columns = columnsOf(spec).map(([c, s]) => `${quote(snakeCase(c))} ${dialect.columnType(s.type)}${s.nullable === true ? '' : ' NOT NULL'}`);
          await d.run(`CREATE TABLE IF NOT EXISTS ${dialect.table(name)} (${columns.join(', ')}, PRIMARY KEY (${quote(snakeCase(spec.key))}))`);
          for (const index of spec.indexes ?? []) {
            const indexName = `${prefix}ix_${shortHash(`${name}:${index.join(',')}`)}`;
            await d.run(`CREATE INDEX IF NOT EXISTS ${quote(indexName)} ON ${dialect.table(name)} (${index.map((c) => quote(snakeCase(c))).join(', ')})`);
          }
          await d.run(
            `INSERT INTO ${tableSpecs} (projection, generation, name, spec) VALUES (${dialect.param(1)}, ${dialect.param(2)}, ${dialect.param(3)}, ${dialect.param(4)}) ON CONFLICT (projection, generation, name) DO UPDATE SET spec = excluded.spec`,
            [target.projection, target.generation, spec.name, JSON.stringify(spec)],
          );
          specs.set(specId(target, spec.name), spec);
        }
        return E.right(undefined);
      }),

    drop: (target, tables) =>
      attempt('drop tables', async (d) => {
        await d.transaction(async (tx) => {
          for (const spec of tables) {
            await tx.run(`DROP TABLE IF EXISTS ${dialect.table(tableName(target, spec.name))}`);
            specs.delete(specId(target, spec.name));
          }
          await tx.run(`DELETE FROM ${tableSpecs} WHERE projection = ${dialect.param(1)} AND generation = ${dialect.param(2)}`, [
            target.projection,
            target.generation,
          ]);
          await tx.run(`DELETE FROM ${checkpoints} WHERE projection = ${dialect.param(1)} AND generation = ${dialect.param(2)}`, [
            target.projection,
            target.generation,
          ]);
          await tx.run(`DELETE FROM ${parkedStreams} WHERE projection = ${dialect.param(1)} AND generation = ${dialect.param(2)}`, [
            target.projection,
            target.generation,
          ]);
        });
        return E.right(undefined);
      }),

    load: (target, table, keys) =>
      attempt('load rows', async (d) => {
        const spec = await specOf(d, target, table);
        if (E.isLeft(spec)) return spec;
        const found = new Map<string, Row>();
        for (const part of chunk([...new Set(keys)], dialect.maxParams)) {
          const result = await d.run(
            `SELECT * FROM ${dialect.table(tableName(target, table))} WHERE ${quote(snakeCase(spec.right.key))} IN (${part.map((_, i) => dialect.param(i + 1)).join(', ')})`,
            part,
          );
          for (const raw of result.rows) {
            const row = decodeRow(spec.right, raw);
            found.set(row[spec.right.key] as string, row);
          }
        }
        return E.right(found);
      }),

    commit: (target, batch) =>
      attempt('commit a batch', async (d) => {
        const upserts = new Map<string, Row[]>();
        const deletes = new Map<string, string[]>();
        const tablesUsed = new Map<string, TableSpec>();
        for (const change of batch.changes) {
          const spec = await specOf(d, target, change.table);
          if (E.isLeft(spec)) return spec;
          tablesUsed.set(change.table, spec.right);
          if (change.op === 'upsert') {
            if (typeof change.row[spec.right.key] !== 'string') return E.left(invalidReadModelQuery(`A ${change.table} row has no text key ${spec.right.key}.`));
            upserts.set(change.table, [...(upserts.get(change.table) ?? []), change.row]);
          } else deletes.set(change.table, [...(deletes.get(change.table) ?? []), change.key]);
        }
        await d.transaction(async (tx) => {
          const moved =
            batch.from === 0
              ? await tx.run(
                  `INSERT INTO ${checkpoints} (projection, generation, position) VALUES (${dialect.param(1)}, ${dialect.param(2)}, ${dialect.param(3)}) ON CONFLICT (projection, generation) DO NOTHING`,
                  [target.projection, target.generation, batch.to],
                )
              : await tx.run(
                  `UPDATE ${checkpoints} SET position = ${dialect.param(1)} WHERE projection = ${dialect.param(2)} AND generation = ${dialect.param(3)} AND position = ${dialect.param(4)}`,
                  [batch.to, target.projection, target.generation, batch.from],
                );
          if (moved.rowCount !== 1) {
            throw new Conflict(checkpointConflict(target.projection, target.generation, batch.from, await readPosition(tx, target)));
          }
          for (const [table, keys] of deletes) await deleteRows(tx, target, tablesUsed.get(table)!, keys);
          for (const [table, rows] of upserts) await upsertRows(tx, target, tablesUsed.get(table)!, rows);
          for (const p of batch.parked ?? []) {
            await tx.run(
              `INSERT INTO ${parkedStreams} (projection, generation, stream_id, global_position, version, reason) VALUES (${[1, 2, 3, 4, 5, 6].map((n) => dialect.param(n)).join(', ')}) ON CONFLICT (projection, generation, stream_id) DO NOTHING`,
              [target.projection, target.generation, p.streamId, p.globalPosition, p.version, p.reason],
            );
          }
        });
        return E.right(undefined);
      }),

    query: (target, table, query = {}) =>
      attempt('query', async (d) => {
        const spec = await specOf(d, target, table);
        if (E.isLeft(spec)) return spec;
        const problem = checkQuery(spec.right, query);
        if (problem !== undefined) return E.left(problem);
        const params: unknown[] = [];
        let sql = `SELECT * FROM ${dialect.table(tableName(target, table))}${whereSql(spec.right, query.where, params)}`;
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
        const result = await d.run(sql, params);
        return E.right(result.rows.map((raw) => decodeRow(spec.right, raw)));
      }),

    count: (target, table, where) =>
      attempt('count', async (d) => {
        const spec = await specOf(d, target, table);
        if (E.isLeft(spec)) return spec;
        const problem = checkQuery(spec.right, where === undefined ? {} : { where });
        if (problem !== undefined) return E.left(problem);
        const params: unknown[] = [];
        const result = await d.run(`SELECT COUNT(*) AS n FROM ${dialect.table(tableName(target, table))}${whereSql(spec.right, where, params)}`, params);
        return E.right(Number(result.rows[0]?.n ?? 0));
      }),

    readCheckpoint: (target) => attempt('read a checkpoint', async (d) => E.right(await readPosition(d, target))),

    readParked: (target) =>
      attempt('read the parked streams', async (d) => {
        const result = await d.run(
          `SELECT stream_id, global_position, version, reason FROM ${parkedStreams} WHERE projection = ${dialect.param(1)} AND generation = ${dialect.param(2)} ORDER BY global_position`,
          [target.projection, target.generation],
        );
        return E.right(
          result.rows.map((row): ParkedStream => ({
            streamId: String(row.stream_id),
            globalPosition: Number(row.global_position),
            version: Number(row.version),
            reason: String(row.reason),
          })),
        );
      }),

    readCatalog: (projection) =>
      attempt('read the catalog', async (d) => {
        const result = await d.run(`SELECT entry FROM ${catalog} WHERE projection = ${dialect.param(1)}`, [projection]);
        const entry = result.rows[0]?.entry;
        return E.right(typeof entry === 'string' ? (JSON.parse(entry) as ProjectionCatalogEntry) : undefined);
      }),

    writeCatalog: (entry) =>
      attempt('write the catalog', async (d) => {
        await d.run(
          `INSERT INTO ${catalog} (projection, entry) VALUES (${dialect.param(1)}, ${dialect.param(2)}) ON CONFLICT (projection) DO UPDATE SET entry = excluded.entry`,
          [entry.projection, JSON.stringify(entry)],
        );
        return E.right(undefined);
      }),

    tryAcquireLease: (request) =>
      attempt('take a lease', async (d) => {
        const result = await d.run(
          `INSERT INTO ${leases} (projection, owner, expires_at) VALUES (${dialect.param(1)}, ${dialect.param(2)}, ${dialect.param(3)})
           ON CONFLICT (projection) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
           WHERE ${leases}.owner = excluded.owner OR ${leases}.expires_at <= ${dialect.param(4)}`,
          [request.projection, request.owner, request.now + request.ttlMs, request.now],
        );
        return E.right(result.rowCount === 1);
      }),

    releaseLease: (projection, owner) =>
      attempt('release a lease', async (d) => {
        await d.run(`DELETE FROM ${leases} WHERE projection = ${dialect.param(1)} AND owner = ${dialect.param(2)}`, [projection, owner]);
        return E.right(undefined);
      }),

    close: async () => {
      if (closed) return;
      closed = true;
      const d = driver;
      driver = undefined;
      if (d !== undefined) await (await d.catch(() => undefined))?.close();
    },
  };
};
