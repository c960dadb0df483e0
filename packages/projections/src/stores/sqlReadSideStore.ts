import { createHash } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import type { ProjectionCatalogEntry } from '../readSide/checkpointStore';
import type { ParkedStream } from '../readSide/parkedStreams';
import { checkpointConflict, invalidReadModelQuery, type ReadModelError } from '../readSide/readModelErrors';
import type { CommitBatch, ProjectionTarget } from '../readSide/readModelStore';
import type { Row, RowChange, RowQuery, TableSpec } from '../readSide/rows';
import type { LeaseRequest } from '../readSide/projectionLease';
import type { ReadSideStoreWithNotifications } from '../notifications/notificationStore';
import { createSqlNotificationStore } from './sqlNotificationStore';
import { createSqlReactorCursors } from './sqlReactorCursors';
import { quote, snakeCase, type SqlDriver, type SqlDialect, type SqlExecutor } from './sqlDriver';
import { chunk, deleteRows, pagingSql, upsertRows, whereSql } from './sqlRowStatements';
import { attempt, Conflict, decodeRow, readPosition, specId, specOf, sqlStoreContext, tableName, type SqlStoreContext } from './sqlStoreContext';
import { checkQuery } from './tableChecks';

/** Options shared by the SQL read-side stores. */
export interface SqlStoreOptions {
  /** Prefix of every table this store creates (default `rm_`). */
  readonly tablePrefix?: string;
}

const shortHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 12);

const prepareTable = async (ctx: SqlStoreContext, d: SqlDriver, target: ProjectionTarget, spec: TableSpec): Promise<void> => {
  const { dialect } = ctx;
  const name = tableName(ctx, target, spec.name);
  const columns = Object.entries(spec.columns).map(([c, s]) => `${quote(snakeCase(c))} ${dialect.columnType(s.type)}${s.nullable === true ? '' : ' NOT NULL'}`);
  await d.run(`CREATE TABLE IF NOT EXISTS ${dialect.table(name)} (${columns.join(', ')}, PRIMARY KEY (${quote(snakeCase(spec.key))}))`);
  for (const index of spec.indexes ?? []) {
    const indexName = `${ctx.prefix}ix_${shortHash(`${name}:${index.join(',')}`)}`;
    await d.run(`CREATE INDEX IF NOT EXISTS ${quote(indexName)} ON ${dialect.table(name)} (${index.map((c) => quote(snakeCase(c))).join(', ')})`);
  }
  await d.run(
    `INSERT INTO ${ctx.tables.tableSpecs} (projection, generation, name, spec) VALUES (${dialect.param(1)}, ${dialect.param(2)}, ${dialect.param(3)}, ${dialect.param(4)}) ON CONFLICT (projection, generation, name) DO UPDATE SET spec = excluded.spec`,
    [target.projection, target.generation, spec.name, JSON.stringify(spec)],
  );
  ctx.specs.set(specId(target, spec.name), spec);
};

const prepare = (ctx: SqlStoreContext, target: ProjectionTarget, tables: ReadonlyArray<TableSpec>) =>
  attempt(ctx, 'create tables', async (d) => {
    for (const spec of tables) await prepareTable(ctx, d, target, spec);
    return E.right(undefined);
  });

const drop = (ctx: SqlStoreContext, target: ProjectionTarget, tables: ReadonlyArray<TableSpec>) =>
  attempt(ctx, 'drop tables', async (d) => {
    const { dialect, tables: t } = ctx;
    await d.transaction(async (tx) => {
      for (const spec of tables) {
        await tx.run(`DROP TABLE IF EXISTS ${dialect.table(tableName(ctx, target, spec.name))}`);
        ctx.specs.delete(specId(target, spec.name));
      }
      for (const own of [t.tableSpecs, t.checkpoints, t.parkedStreams]) {
        await tx.run(`DELETE FROM ${own} WHERE projection = ${dialect.param(1)} AND generation = ${dialect.param(2)}`, [target.projection, target.generation]);
      }
    });
    return E.right(undefined);
  });

const load = (ctx: SqlStoreContext, target: ProjectionTarget, table: string, keys: ReadonlyArray<string>) =>
  attempt(ctx, 'load rows', async (d) => {
    const { dialect } = ctx;
    const spec = await specOf(ctx, d, target, table);
    if (E.isLeft(spec)) return spec;
    const found = new Map<string, Row>();
    for (const part of chunk([...new Set(keys)], dialect.maxParams)) {
      const result = await d.run(
        `SELECT * FROM ${dialect.table(tableName(ctx, target, table))} WHERE ${quote(snakeCase(spec.right.key))} IN (${part.map((_, i) => dialect.param(i + 1)).join(', ')})`,
        part,
      );
      for (const raw of result.rows) {
        const row = decodeRow(dialect, spec.right, raw);
        found.set(row[spec.right.key] as string, row);
      }
    }
    return E.right(found);
  });

/** A batch's changes grouped by table, with each table's spec. */
interface GroupedChanges {
  readonly upserts: Map<string, Row[]>;
  readonly deletes: Map<string, string[]>;
  readonly specs: Map<string, TableSpec>;
}

const groupChanges = async (ctx: SqlStoreContext, d: SqlDriver, target: ProjectionTarget, changes: ReadonlyArray<RowChange>): Promise<E.Either<ReadModelError, GroupedChanges>> => {
  const grouped: GroupedChanges = { upserts: new Map(), deletes: new Map(), specs: new Map() };
  for (const change of changes) {
    const spec = await specOf(ctx, d, target, change.table);
    if (E.isLeft(spec)) return spec;
    grouped.specs.set(change.table, spec.right);
    if (change.op === 'upsert') {
      if (typeof change.row[spec.right.key] !== 'string') return E.left(invalidReadModelQuery(`A ${change.table} row has no text key ${spec.right.key}.`));
      grouped.upserts.set(change.table, [...(grouped.upserts.get(change.table) ?? []), change.row]);
    } else grouped.deletes.set(change.table, [...(grouped.deletes.get(change.table) ?? []), change.key]);
  }
  return E.right(grouped);
};

/** Moves the checkpoint from `batch.from` to `batch.to` (compare-and-set); throws a `Conflict` when it was elsewhere. */
const moveCheckpoint = async (ctx: SqlStoreContext, tx: SqlExecutor, target: ProjectionTarget, batch: CommitBatch): Promise<void> => {
  const { dialect, tables: t } = ctx;
  const moved =
    batch.from === 0
      ? await tx.run(
          `INSERT INTO ${t.checkpoints} (projection, generation, position) VALUES (${dialect.param(1)}, ${dialect.param(2)}, ${dialect.param(3)}) ON CONFLICT (projection, generation) DO NOTHING`,
          [target.projection, target.generation, batch.to],
        )
      : await tx.run(
          `UPDATE ${t.checkpoints} SET position = ${dialect.param(1)} WHERE projection = ${dialect.param(2)} AND generation = ${dialect.param(3)} AND position = ${dialect.param(4)}`,
          [batch.to, target.projection, target.generation, batch.from],
        );
  if (moved.rowCount !== 1) {
    throw new Conflict(checkpointConflict(target.projection, target.generation, batch.from, await readPosition(ctx, tx, target)));
  }
};

const park = async (ctx: SqlStoreContext, tx: SqlExecutor, target: ProjectionTarget, parked: ReadonlyArray<ParkedStream>): Promise<void> => {
  const { dialect } = ctx;
  for (const p of parked) {
    await tx.run(
      `INSERT INTO ${ctx.tables.parkedStreams} (projection, generation, stream_id, global_position, version, reason) VALUES (${[1, 2, 3, 4, 5, 6].map((n) => dialect.param(n)).join(', ')}) ON CONFLICT (projection, generation, stream_id) DO NOTHING`,
      [target.projection, target.generation, p.streamId, p.globalPosition, p.version, p.reason],
    );
  }
};

const commit = (ctx: SqlStoreContext, target: ProjectionTarget, batch: CommitBatch) =>
  attempt(ctx, 'commit a batch', async (d) => {
    const grouped = await groupChanges(ctx, d, target, batch.changes);
    if (E.isLeft(grouped)) return grouped;
    const { upserts, deletes, specs } = grouped.right;
    await d.transaction(async (tx) => {
      await moveCheckpoint(ctx, tx, target, batch);
      for (const [table, keys] of deletes) await deleteRows(ctx, tx, target, specs.get(table)!, keys);
      for (const [table, rows] of upserts) await upsertRows(ctx, tx, target, specs.get(table)!, rows);
      await park(ctx, tx, target, batch.parked ?? []);
    });
    return E.right(undefined);
  });

const query = (ctx: SqlStoreContext, target: ProjectionTarget, table: string, rowQuery: RowQuery = {}) =>
  attempt(ctx, 'query', async (d) => {
    const { dialect } = ctx;
    const spec = await specOf(ctx, d, target, table);
    if (E.isLeft(spec)) return spec;
    const problem = checkQuery(spec.right, rowQuery);
    if (problem !== undefined) return E.left(problem);
    const params: unknown[] = [];
    const where = whereSql(dialect, spec.right, rowQuery.where, params);
    const sql = `SELECT * FROM ${dialect.table(tableName(ctx, target, table))}${where}${pagingSql(dialect, rowQuery, params)}`;
    const result = await d.run(sql, params);
    return E.right(result.rows.map((raw) => decodeRow(dialect, spec.right, raw)));
  });

const count = (ctx: SqlStoreContext, target: ProjectionTarget, table: string, where: RowQuery['where']) =>
  attempt(ctx, 'count', async (d) => {
    const { dialect } = ctx;
    const spec = await specOf(ctx, d, target, table);
    if (E.isLeft(spec)) return spec;
    const problem = checkQuery(spec.right, where === undefined ? {} : { where });
    if (problem !== undefined) return E.left(problem);
    const params: unknown[] = [];
    const result = await d.run(`SELECT COUNT(*) AS n FROM ${dialect.table(tableName(ctx, target, table))}${whereSql(dialect, spec.right, where, params)}`, params);
    return E.right(Number(result.rows[0]?.n ?? 0));
  });

const readParked = (ctx: SqlStoreContext, target: ProjectionTarget) =>
  attempt(ctx, 'read the parked streams', async (d) => {
    const { dialect } = ctx;
    const result = await d.run(
      `SELECT stream_id, global_position, version, reason FROM ${ctx.tables.parkedStreams} WHERE projection = ${dialect.param(1)} AND generation = ${dialect.param(2)} ORDER BY global_position`,
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
  });

const readCatalog = (ctx: SqlStoreContext, projection: string) =>
  attempt(ctx, 'read the catalog', async (d) => {
    const result = await d.run(`SELECT entry FROM ${ctx.tables.catalog} WHERE projection = ${ctx.dialect.param(1)}`, [projection]);
    const entry = result.rows[0]?.entry;
    return E.right(typeof entry === 'string' ? (JSON.parse(entry) as ProjectionCatalogEntry) : undefined);
  });

const writeCatalog = (ctx: SqlStoreContext, entry: ProjectionCatalogEntry) =>
  attempt(ctx, 'write the catalog', async (d) => {
    const { dialect } = ctx;
    await d.run(
      `INSERT INTO ${ctx.tables.catalog} (projection, entry) VALUES (${dialect.param(1)}, ${dialect.param(2)}) ON CONFLICT (projection) DO UPDATE SET entry = excluded.entry`,
      [entry.projection, JSON.stringify(entry)],
    );
    return E.right(undefined);
  });

const tryAcquireLease = (ctx: SqlStoreContext, request: LeaseRequest) =>
  attempt(ctx, 'take a lease', async (d) => {
    const { dialect, tables: t } = ctx;
    const result = await d.run(
      `INSERT INTO ${t.leases} (projection, owner, expires_at) VALUES (${dialect.param(1)}, ${dialect.param(2)}, ${dialect.param(3)})
           ON CONFLICT (projection) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
           WHERE ${t.leases}.owner = excluded.owner OR ${t.leases}.expires_at <= ${dialect.param(4)}`,
      [request.projection, request.owner, request.now + request.ttlMs, request.now],
    );
    return E.right(result.rowCount === 1);
  });

const releaseLease = (ctx: SqlStoreContext, projection: string, owner: string) =>
  attempt(ctx, 'release a lease', async (d) => {
    await d.run(`DELETE FROM ${ctx.tables.leases} WHERE projection = ${ctx.dialect.param(1)} AND owner = ${ctx.dialect.param(2)}`, [projection, owner]);
    return E.right(undefined);
  });

const close = async (ctx: SqlStoreContext): Promise<void> => {
  if (ctx.closed) return;
  ctx.closed = true;
  const d = ctx.driver;
  ctx.driver = undefined;
  if (d !== undefined) await (await d.catch(() => undefined))?.close();
};

/**
 * The read-side store over any SQL database: one real table per read-model table and generation
 * (`rm_{projection}__{table}__g{generation}`), plus `rm_checkpoints`, `rm_catalog`, `rm_leases` and
 * the notification reactors' `rm_notification_checkpoints` and `rm_dead_letters` and the other
 * reactors' `rm_reactor_cursors`, all created on first use. `commit` runs the checkpoint's compare-and-set, the deletes and the upserts in one transaction.
 */
export const createSqlReadSideStore = (
  connect: () => Promise<SqlDriver>,
  dialect: SqlDialect,
  options: SqlStoreOptions = {},
): ReadSideStoreWithNotifications => {
  const prefix = options.tablePrefix ?? 'rm_';
  const ctx = sqlStoreContext(connect, dialect, prefix);
  return {
    ...createSqlNotificationStore((what, work) => attempt(ctx, what, work), dialect, prefix),
    ...createSqlReactorCursors((what, work) => attempt(ctx, what, work), dialect, prefix),
    prepare: (target, tables) => prepare(ctx, target, tables),
    drop: (target, tables) => drop(ctx, target, tables),
    load: (target, table, keys) => load(ctx, target, table, keys),
    commit: (target, batch) => commit(ctx, target, batch),
    query: (target, table, rowQuery) => query(ctx, target, table, rowQuery),
    count: (target, table, where) => count(ctx, target, table, where),
    readCheckpoint: (target) => attempt(ctx, 'read a checkpoint', async (d) => E.right(await readPosition(ctx, d, target))),
    readParked: (target) => readParked(ctx, target),
    readCatalog: (projection) => readCatalog(ctx, projection),
    writeCatalog: (entry) => writeCatalog(ctx, entry),
    tryAcquireLease: (request) => tryAcquireLease(ctx, request),
    releaseLease: (projection, owner) => releaseLease(ctx, projection, owner),
    close: () => close(ctx),
  };
};
