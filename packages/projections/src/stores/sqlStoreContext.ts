import * as E from 'fp-ts/lib/Either.js';
import { invalidReadModelQuery, readModelClosed, readModelUnavailable, type CheckpointConflict, type ReadModelError } from '../readSide/readModelErrors';
import type { ProjectionTarget } from '../readSide/readModelStore';
import type { Row, TableSpec } from '../readSide/rows';
import { notificationTablesSql } from './sqlNotificationStore';
import { reactorCursorTablesSql } from './sqlReactorCursors';
import { snakeCase, type SqlDialect, type SqlDriver, type SqlExecutor } from './sqlDriver';

/** The names (quoted for the dialect) of the SQL read-side store's own tables. */
export interface SqlStoreTables {
  readonly checkpoints: string;
  readonly catalog: string;
  readonly leases: string;
  readonly tableSpecs: string;
  readonly parkedStreams: string;
}

/** What the SQL read-side store's operations share: the dialect, the table names, the connection and the known table specs. */
export interface SqlStoreContext {
  readonly connect: () => Promise<SqlDriver>;
  readonly dialect: SqlDialect;
  readonly prefix: string;
  readonly tables: SqlStoreTables;
  readonly specs: Map<string, TableSpec>;
  driver: Promise<SqlDriver> | undefined;
  closed: boolean;
}

/** A checkpoint conflict thrown out of a transaction so that it rolls back, then returned as a `Left`. */
export class Conflict {
  constructor(readonly error: CheckpointConflict) {}
}

/** A fresh context: nothing connected yet. */
export const sqlStoreContext = (connect: () => Promise<SqlDriver>, dialect: SqlDialect, prefix: string): SqlStoreContext => ({
  connect,
  dialect,
  prefix,
  tables: {
    checkpoints: dialect.table(`${prefix}checkpoints`),
    catalog: dialect.table(`${prefix}catalog`),
    leases: dialect.table(`${prefix}leases`),
    tableSpecs: dialect.table(`${prefix}tables`),
    parkedStreams: dialect.table(`${prefix}parked`),
  },
  specs: new Map(),
  driver: undefined,
  closed: false,
});

const storeTablesSql = (ctx: SqlStoreContext): ReadonlyArray<string> => {
  const { dialect, tables: t } = ctx;
  const integer = dialect.columnType('integer');
  return [
    ...dialect.setup,
    `CREATE TABLE IF NOT EXISTS ${t.checkpoints} (projection TEXT NOT NULL, generation INTEGER NOT NULL, position ${integer} NOT NULL, PRIMARY KEY (projection, generation))`,
    `CREATE TABLE IF NOT EXISTS ${t.catalog} (projection TEXT PRIMARY KEY, entry TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${t.leases} (projection TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at ${integer} NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${t.tableSpecs} (projection TEXT NOT NULL, generation INTEGER NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL, PRIMARY KEY (projection, generation, name))`,
    ...notificationTablesSql(dialect, ctx.prefix),
    ...reactorCursorTablesSql(dialect, ctx.prefix),
    `CREATE TABLE IF NOT EXISTS ${t.parkedStreams} (projection TEXT NOT NULL, generation INTEGER NOT NULL, stream_id TEXT NOT NULL, global_position ${integer} NOT NULL, version INTEGER NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (projection, generation, stream_id))`,
  ];
};

/** Creates the store's tables; creation races with other sessions (the event store's migration, another instance) are run again. */
const createTables = async (ctx: SqlStoreContext, d: SqlDriver, attemptsLeft: number): Promise<void> => {
  try {
    for (const statement of storeTablesSql(ctx)) await d.run(statement);
  } catch (error) {
    if (attemptsLeft > 0 && ctx.dialect.lostCreateRace(error)) return createTables(ctx, d, attemptsLeft - 1);
    throw error;
  }
};

const connectAndCreate = async (ctx: SqlStoreContext): Promise<SqlDriver> => {
  const d = await ctx.connect();
  try {
    await createTables(ctx, d, 2);
  } catch (error) {
    ctx.driver = undefined;
    await d.close().catch(() => undefined);
    throw error;
  }
  return d;
};

/** The connection, opened (and the tables created) on first use. */
export const openDriver = (ctx: SqlStoreContext): Promise<SqlDriver> => {
  ctx.driver ??= connectAndCreate(ctx);
  return ctx.driver;
};

/** Runs store work with the connection, turning a driver failure into `ReadModelUnavailable` and a thrown `Conflict` into its error. */
export const attempt = async <A>(
  ctx: SqlStoreContext,
  what: string,
  work: (d: SqlDriver) => Promise<E.Either<ReadModelError, A>>,
): Promise<E.Either<ReadModelError, A>> => {
  if (ctx.closed) return E.left(readModelClosed());
  try {
    return await work(await openDriver(ctx));
  } catch (error) {
    if (error instanceof Conflict) return E.left(error.error);
    return E.left(readModelUnavailable(`Read-model store failed to ${what}`, error));
  }
};

/** The store's name of a read-model table of one generation (not yet quoted). */
export const tableName = (ctx: SqlStoreContext, target: ProjectionTarget, table: string): string =>
  `${ctx.prefix}${target.projection}__${table}__g${target.generation}`;

/** The key of a table spec in `ctx.specs`. */
export const specId = (target: ProjectionTarget, table: string): string => `${target.projection}\u0000${target.generation}\u0000${table}`;

/** The table's spec: remembered from `prepare`, else read from `rm_tables` (a reader in another process). */
export const specOf = async (ctx: SqlStoreContext, ex: SqlExecutor, target: ProjectionTarget, table: string): Promise<E.Either<ReadModelError, TableSpec>> => {
  const known = ctx.specs.get(specId(target, table));
  if (known !== undefined) return E.right(known);
  const { dialect } = ctx;
  const result = await ex.run(
    `SELECT spec FROM ${ctx.tables.tableSpecs} WHERE projection = ${dialect.param(1)} AND generation = ${dialect.param(2)} AND name = ${dialect.param(3)}`,
    [target.projection, target.generation, table],
  );
  const text = result.rows[0]?.spec;
  if (typeof text !== 'string') {
    return E.left(invalidReadModelQuery(`Table ${table} of projection ${target.projection} (generation ${target.generation}) does not exist.`));
  }
  const spec = JSON.parse(text) as TableSpec;
  ctx.specs.set(specId(target, table), spec);
  return E.right(spec);
};

/** A row as the database returned it, decoded to the table's column types. */
export const decodeRow = (dialect: SqlDialect, spec: TableSpec, raw: Record<string, unknown>): Row => {
  const row: Record<string, unknown> = {};
  for (const [column, c] of Object.entries(spec.columns)) row[column] = dialect.decode(c.type, raw[snakeCase(column)]);
  return row;
};

/** The checkpoint of a generation, if it has one. */
export const readPosition = async (ctx: SqlStoreContext, ex: SqlExecutor, target: ProjectionTarget): Promise<number | undefined> => {
  const { dialect } = ctx;
  const result = await ex.run(`SELECT position FROM ${ctx.tables.checkpoints} WHERE projection = ${dialect.param(1)} AND generation = ${dialect.param(2)}`, [
    target.projection,
    target.generation,
  ]);
  const value = result.rows[0]?.position;
  return value === undefined || value === null ? undefined : Number(value);
};
