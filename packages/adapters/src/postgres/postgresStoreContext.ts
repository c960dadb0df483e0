import * as E from 'fp-ts/lib/Either.js';
import { storeClosed, storeUnavailable, type StoreError, type StreamId } from '@disputekit/core';
import { ChangeNotifier } from '../internal/changeNotifier';
import type { PgQueryable } from './postgresClient';
import { openPostgresConnection, type PostgresConnection } from './postgresConnection';
import { postgresUnavailable } from './postgresErrors';
import { migrateThrough } from './migratePostgres';
import { checkEventStoreSchema } from './checkEventStoreSchema';
import { DEFAULT_POSTGRES_SCHEMA, lockKeysFor, quoteSchema } from './postgresSchema';
import type { PostgresEventStoreOptions } from './postgresEventStore';
import { appendBatchStatement, createGroupCommitter, resolveGroupCommit, type GroupCommitter } from './postgresGroupCommit';

/** The statements of one store, for its schema. */
export interface PostgresStoreSql {
  readonly current: string;
  readonly unlock: string;
  readonly append: string;
  readonly appendMany: string;
  /** A batch of appends in one transaction (`append_batch`, group commit). */
  readonly appendBatch: string;
  /** A stream read: its columns in the order of `STREAM_READ_COLUMNS` (as `decodeStreamRows` takes them). */
  readonly readStream: string;
  /** The name the stream read is prepared under (on a pool the store made itself). */
  readonly readStreamName: string;
  readonly readAll: string;
}

/** The columns of a stream read, in the order `decodeStreamRows` takes them. */
export const STREAM_READ_COLUMNS = ['version', 'globalPosition', 'eventId', 'type', 'data', 'metadata'] as const;

/** A short, stable name for a prepared statement of this text (32-bit FNV-1a in hex). */
const statementName = (prefix: string, text: string): string => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `${prefix}_${(hash >>> 0).toString(16)}`;
};

/** What every part of a PostgreSQL event store shares: its options, statements, connection and state. */
export interface PostgresStoreContext {
  readonly options: PostgresEventStoreOptions;
  readonly schemaName: string;
  readonly sql: PostgresStoreSql;
  /** The advisory lock keys that `append_events` and `append_to_streams` hold while reserving positions. */
  readonly positionLock: readonly [number, number];
  readonly notifier: ChangeNotifier;
  /** Batches concurrent appends into one transaction, when the store was opened with `groupCommit`. */
  readonly groupCommit: GroupCommitter | undefined;
  closed: boolean;
  opening: Promise<PostgresConnection> | undefined;
}

/** Thrown inside an append to end it with a typed error (the store answers it as a left). */
export class Rejected {
  constructor(readonly error: StoreError) {}
}

/** The statements of a store in the schema `schemaName`. */
const statementsFor = (schemaName: string): PostgresStoreSql => {
  const s = quoteSchema(schemaName);
  // A stream read leaves out stream_id: its WHERE clause names the stream, which the rows are decoded with.
  const streamColumns = `version, global_position::text AS "globalPosition", event_id AS "eventId", type, data, metadata`;
  const columns = `stream_id AS "streamId", ${streamColumns}`;
  const readStream = `SELECT ${streamColumns} FROM ${s}.events WHERE stream_id = $1 AND version >= $2 ORDER BY version LIMIT $3`;
  return {
    readStream,
    readStreamName: statementName('disputekit_read_stream', readStream),
    current: `SELECT COALESCE(MAX(version), 0)::integer AS version FROM ${s}.events WHERE stream_id = $1`,
    unlock: 'SELECT pg_advisory_unlock($1, $2)',
    append: `SELECT ok, actual_version AS "actualVersion", last_position::text AS "lastPosition"
             FROM ${s}.append_events($1::text, $2::integer, $3::text[], $4::text[], $5::text[], $6::text[])`,
    appendMany: `SELECT failed_part AS "failedPart", actual_versions AS "actualVersions", last_positions::text[] AS "lastPositions"
                 FROM ${s}.append_to_streams($1::text[], $2::integer[], $3::integer[], $4::text[], $5::text[], $6::text[], $7::text[])`,
    appendBatch: appendBatchStatement(s),
    readAll: `SELECT ${columns} FROM ${s}.events
              WHERE global_position > $1 AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
              ORDER BY global_position LIMIT $2`,
  };
};

/** A new store's context (nothing connected yet); throws on options that contradict each other. */
export const createStoreContext = (options: PostgresEventStoreOptions): PostgresStoreContext => {
  const schemaName = options.schema ?? DEFAULT_POSTGRES_SCHEMA;
  if (options.readOnly === true && options.migrate === true) throw new TypeError('createPostgresEventStore: a readOnly store cannot migrate; drop one of readOnly and migrate.');
  const sql = statementsFor(schemaName);
  const positionLock = lockKeysFor(schemaName).position;
  const batchSize = resolveGroupCommit(options.groupCommit);
  const ctx: PostgresStoreContext = {
    options,
    schemaName,
    sql,
    positionLock,
    notifier: new ChangeNotifier(),
    // A failed batch may have struck while holding the position lock: give it back as a failed append does.
    groupCommit: batchSize === undefined ? undefined : createGroupCommitter(sql.appendBatch, batchSize, (client, error) => giveBackPositionLock(ctx, client, error)),
    closed: false,
    opening: undefined,
  };
  return ctx;
};

/** The answer to an append on a read-only store. */
export const refuseWrite = (ctx: PostgresStoreContext): E.Either<StoreError, never> =>
  E.left(storeUnavailable(`The PostgreSQL event store (schema ${ctx.schemaName}) was opened read-only: it cannot append`));

/** Opens the connection, migrating or checking the schema as the options ask; throws what went wrong. */
const openFor = async (ctx: PostgresStoreContext): Promise<PostgresConnection> => {
  const opened = await openPostgresConnection(ctx.options);
  if (ctx.options.migrate === true) {
    const migrated = await migrateThrough(opened, ctx.schemaName);
    if (E.isLeft(migrated)) {
      await opened.close().catch(() => undefined);
      throw migrated.left;
    }
  }
  if (ctx.options.readOnly === true) {
    const wrong = await checkEventStoreSchema(opened, ctx.schemaName).catch((error: unknown) => postgresUnavailable('check the event store schema', error));
    if (wrong !== undefined) {
      await opened.close().catch(() => undefined);
      throw wrong;
    }
  }
  return opened;
};

/** Connects (and migrates, when asked) on first use; a failure is reported and retried next time. */
const connection = (ctx: PostgresStoreContext): Promise<E.Either<StoreError, PostgresConnection>> => {
  ctx.opening ??= openFor(ctx);
  return ctx.opening.then(E.right, (error: unknown) => {
    ctx.opening = undefined;
    const typed = error as Partial<StoreError>;
    return E.left(typed._tag === 'StoreUnavailable' ? (error as StoreError) : postgresUnavailable('connect', error));
  });
};

/** Runs an operation on the store's connection, mapping every driver failure to a `StoreError`. */
export const run = async <A>(ctx: PostgresStoreContext, operation: string, work: (db: PostgresConnection) => Promise<A>): Promise<E.Either<StoreError, A>> => {
  if (ctx.closed) return E.left(storeClosed());
  const db = await connection(ctx);
  if (E.isLeft(db)) return db;
  try {
    return E.right(await work(db.right));
  } catch (error) {
    if (error instanceof Rejected) return E.left(error.error);
    return E.left(ctx.closed ? storeClosed() : postgresUnavailable(operation, error));
  }
};

/** The stream's version (its number of events; 0 when it has none). */
export const currentVersion = async (ctx: PostgresStoreContext, client: PgQueryable, streamId: StreamId): Promise<number> =>
  (((await client.query(ctx.sql.current, [streamId])).rows[0] as { version: number } | undefined)?.version ?? 0);

/**
 * After a failure that may have struck while `append_events` or `append_to_streams` held the
 * session-level position lock (which outlives the statement): gives it back (a no-op when not
 * held), or marks the connection broken so that the pool drops it.
 */
export const giveBackPositionLock = (ctx: PostgresStoreContext, client: PgQueryable, error: unknown): Promise<unknown> =>
  client
    .query(ctx.sql.unlock, [...ctx.positionLock])
    .catch(() => Promise.reject(Object.assign(new Error('Connection ended holding the position lock'), { code: 'ECONNRESET', cause: error })));

/** Closes the store: followers end, later operations answer `StoreClosed`, an owned pool is ended. */
export const closeStore = async (ctx: PostgresStoreContext): Promise<void> => {
  if (ctx.closed) return;
  ctx.closed = true;
  ctx.notifier.close();
  const current = ctx.opening;
  ctx.opening = undefined;
  if (current !== undefined) await current.then((db) => db.close(), () => undefined).catch(() => undefined);
};
