import Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import {
  duplicateEvent,
  storeClosed,
  storeUnavailable,
  wrongExpectedVersion,
  type AppendResult,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
  type StoreError,
  type StreamAppend,
  type StreamId,
} from '@disputekit/core';
import { checkAppendArguments, checkMultiAppendArguments, firstRepeatedEventId, firstRepeatedEventIdAcross, resolveFollowOptions, resolveReadAllOptions, resolveReadStreamOptions } from '../internal/arguments';
import { ChangeNotifier } from '../internal/changeNotifier';
import { satisfiesExpectedVersion } from '../internal/expectedVersion';
import { followLog } from '../internal/followLog';
import { decodeLogRows, decodeStreamRows, toJsonText } from '../internal/storedEvent';
import { brokenUniqueRule, sqliteUnavailable } from './sqliteErrors';
import { migrateSqlite, requireSqliteSchema, SQLITE_EVENTS_TABLE } from './sqliteSchema';

/** Options of `createSqliteEventStore`. */
export interface SqliteEventStoreOptions {
  /** The database file (created when missing), or `':memory:'`. */
  readonly filename: string;
  /** How long a write waits for another process's write lock before `StoreUnavailable` (default 5,000 ms). */
  readonly busyTimeoutMs?: number;
  /**
   * SQLite's `synchronous` setting (default `'FULL'`: a committed append survives a power cut;
   * `'NORMAL'` is faster and still survives a crash of the process, in WAL mode).
   */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /**
   * Open read-only (default false): the file must exist and hold a disputekit event store of this
   * code's schema version, or opening throws and leaves the file as it was. Nothing is created,
   * migrated or set (no journal mode); appends answer `StoreUnavailable`.
   */
  readonly readOnly?: boolean;
}

/** A stream read's columns, in the order `decodeStreamRows` takes them (the stream id is the one asked for). */
const STREAM_COLUMNS = 'version, global_position, event_id, type, data, metadata';
/** A log read's columns, in the order `decodeLogRows` takes them. */
const LOG_COLUMNS = `stream_id, ${STREAM_COLUMNS}`;
/** SQLite reads a negative LIMIT as "no limit". */
const sqlLimit = (maxCount: number): number => (maxCount >= 2 ** 31 ? -1 : maxCount);

/** Opens (and creates or migrates, unless read-only) the database file; throws a configuration error naming the file. */
const openDatabase = (options: SqliteEventStoreOptions): Database.Database => {
  try {
    if (options.readOnly === true) {
      const db = new Database(options.filename, { readonly: true, fileMustExist: true, timeout: options.busyTimeoutMs ?? 5000 });
      try {
        requireSqliteSchema(db);
      } catch (error) {
        db.close();
        throw error;
      }
      return db;
    }
    const db = new Database(options.filename, { timeout: options.busyTimeoutMs ?? 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    migrateSqlite(db);
    return db;
  } catch (error) {
    throw new Error(`Cannot open the SQLite event store ${options.filename}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
};

/** The store's prepared statements. */
const prepareStatements = (db: Database.Database) => ({
  currentVersion: db.prepare(`SELECT COALESCE(MAX(version), 0) AS version FROM ${SQLITE_EVENTS_TABLE} WHERE stream_id = ?`).pluck(),
  lastPosition: db.prepare(`SELECT global_position FROM ${SQLITE_EVENTS_TABLE} WHERE stream_id = ? ORDER BY version DESC LIMIT 1`).pluck(),
  insert: db.prepare(`INSERT INTO ${SQLITE_EVENTS_TABLE} (stream_id, version, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)`),
  // Rows as arrays (`raw`): no object per row, since each row becomes a RecordedEvent at once.
  readStream: db.prepare(`SELECT ${STREAM_COLUMNS} FROM ${SQLITE_EVENTS_TABLE} WHERE stream_id = ? AND version >= ? ORDER BY version LIMIT ?`).raw(),
  readAll: db.prepare(`SELECT ${LOG_COLUMNS} FROM ${SQLITE_EVENTS_TABLE} WHERE global_position > ? ORDER BY global_position LIMIT ?`).raw(),
});

/** What every operation of one SQLite store shares. */
interface SqliteStore {
  readonly options: SqliteEventStoreOptions;
  readonly db: Database.Database;
  readonly statements: ReturnType<typeof prepareStatements>;
  readonly notifier: ChangeNotifier;
  closed: boolean;
}

/** Thrown inside the transaction to roll it back with a typed error. */
class Rejected {
  constructor(readonly error: StoreError) {}
}

/** Inserts one event of a part, turning a broken unique rule into the matching `Rejected`. */
const insertEvent = (store: SqliteStore, streamId: StreamId, event: NewEvent, version: number, index: number, expectedVersion: ExpectedVersion): number => {
  try {
    const info = store.statements.insert.run(
      streamId,
      version,
      event.metadata.eventId,
      event.type,
      toJsonText(event.data, `the data of event ${index}`),
      toJsonText(event.metadata, `the metadata of event ${index}`),
    );
    return Number(info.lastInsertRowid);
  } catch (error) {
    const rule = brokenUniqueRule(error);
    if (rule === 'event_id') throw new Rejected(duplicateEvent(streamId, event.metadata.eventId));
    if (rule === 'stream_version') throw new Rejected(wrongExpectedVersion(streamId, expectedVersion, store.statements.currentVersion.get(streamId) as number));
    throw error;
  }
};

/**
 * Checks and inserts one stream's events; runs inside a transaction, which a `Rejected` rolls back.
 * `actual` is the stream's version when the caller has already read it in this transaction.
 */
const insertPart = (
  store: SqliteStore,
  streamId: StreamId,
  events: ReadonlyArray<NewEvent>,
  expectedVersion: ExpectedVersion,
  actual = store.statements.currentVersion.get(streamId) as number,
): AppendResult => {
  if (!satisfiesExpectedVersion(expectedVersion, actual)) throw new Rejected(wrongExpectedVersion(streamId, expectedVersion, actual));
  const repeated = firstRepeatedEventId(events);
  if (repeated !== undefined) throw new Rejected(duplicateEvent(streamId, repeated));
  if (events.length === 0) return { nextExpectedVersion: actual, lastGlobalPosition: (store.statements.lastPosition.get(streamId) as number | undefined) ?? 0 };
  let lastGlobalPosition = 0;
  events.forEach((event, index) => {
    lastGlobalPosition = insertEvent(store, streamId, event, actual + index + 1, index, expectedVersion);
  });
  return { nextExpectedVersion: actual + events.length, lastGlobalPosition };
};

/** Every part in one transaction's body: the versions of all parts are checked before anything is inserted. */
const insertParts = (store: SqliteStore, appends: ReadonlyArray<StreamAppend>): ReadonlyArray<AppendResult> => {
  const actuals = appends.map((part) => {
    const actual = store.statements.currentVersion.get(part.streamId) as number;
    if (!satisfiesExpectedVersion(part.expectedVersion, actual)) throw new Rejected(wrongExpectedVersion(part.streamId, part.expectedVersion, actual));
    return actual;
  });
  const repeated = firstRepeatedEventIdAcross(appends);
  if (repeated !== undefined) throw new Rejected(duplicateEvent(repeated.streamId, repeated.eventId));
  return appends.map((part, index) => insertPart(store, part.streamId, part.events, part.expectedVersion, actuals[index]));
};

/** Runs a synchronous database call, mapping SQLite failures to `StoreUnavailable`; anything else is a programmer error and throws. */
const guarded = <A>(store: SqliteStore, operation: string, run: () => A): E.Either<StoreError, A> => {
  if (store.closed) return E.left(storeClosed());
  if (operation === 'append' && store.options.readOnly === true) return E.left(storeUnavailable(`The SQLite event store ${store.options.filename} was opened read-only: it cannot ${operation}`));
  try {
    return E.right(run());
  } catch (error) {
    if (error instanceof Rejected) return E.left(error.error);
    const unavailable = sqliteUnavailable(operation, error);
    if (unavailable !== undefined) return E.left(unavailable);
    throw error;
  }
};

const readPage = (store: SqliteStore, after: number, maxCount: number): E.Either<StoreError, ReadonlyArray<RecordedEvent>> =>
  E.flatMap(guarded(store, 'read the global log', () => store.statements.readAll.all(after, sqlLimit(maxCount)) as unknown[][]), decodeLogRows);

/**
 * An event store in one SQLite file (better-sqlite3): the embedded default for the demo and the
 * CLI. WAL journal, prepared statements, and each append (to one stream, or to several with
 * `appendToStreams`) in one `BEGIN IMMEDIATE` transaction. The schema is created or migrated on open (a `readOnly` store only checks it). Unique (stream_id, version) and unique event_id back the
 * optimistic concurrency and duplicate checks. Followers are woken by this process's appends and
 * also poll (for appends by other processes). Opening throws when the file cannot be opened or its
 * schema is newer than this code: that is a configuration error, not a store error.
 */
export const createSqliteEventStore = (options: SqliteEventStoreOptions): EventStore => {
  const db = openDatabase(options);
  const store: SqliteStore = { options, db, statements: prepareStatements(db), notifier: new ChangeNotifier(), closed: false };
  const appendInTransaction = db.transaction((streamId: StreamId, events: ReadonlyArray<NewEvent>, expectedVersion: ExpectedVersion) => insertPart(store, streamId, events, expectedVersion));
  const appendManyInTransaction = db.transaction((appends: ReadonlyArray<StreamAppend>) => insertParts(store, appends));
  return {
    appendToStream: async (streamId, events, appendOptions) => {
      checkAppendArguments(streamId, events, appendOptions);
      const result = guarded(store, 'append', () => appendInTransaction.immediate(streamId, events, appendOptions.expectedVersion));
      if (E.isRight(result) && events.length > 0) store.notifier.notify();
      return result;
    },
    appendToStreams: async (appends) => {
      checkMultiAppendArguments(appends);
      const result = guarded(store, 'append', () => appendManyInTransaction.immediate(appends));
      if (E.isRight(result)) store.notifier.notify();
      return result;
    },
    readStream: async (streamId, readOptions) => {
      const { fromVersion, maxCount } = resolveReadStreamOptions(streamId, readOptions);
      return E.flatMap(guarded(store, 'read a stream', () => store.statements.readStream.all(streamId, fromVersion, sqlLimit(maxCount)) as unknown[][]), (rows) => decodeStreamRows(streamId, rows));
    },
    readAll: async (readOptions) => {
      const { after, maxCount } = resolveReadAllOptions(readOptions);
      return readPage(store, after, maxCount);
    },
    followAll: (followOptions) => {
      const resolved = resolveFollowOptions(followOptions);
      return followLog({ readPage: async (after, maxCount) => readPage(store, after, maxCount), notifier: store.notifier, isClosed: () => store.closed, pollIntervalMs: resolved.pollIntervalMs }, resolved);
    },
    close: async () => {
      if (store.closed) return;
      store.closed = true;
      store.notifier.close();
      db.close();
    },
  };
};
