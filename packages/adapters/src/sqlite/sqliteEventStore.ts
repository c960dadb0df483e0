import Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import {
  duplicateEvent,
  storeClosed,
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
import { checkSqliteSchema, migrateSqlite, SQLITE_EVENTS_TABLE } from './sqliteSchema';

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
   * Open the file read-only (it must exist and have this code's schema): nothing is created or
   * migrated, and every append fails with `StoreUnavailable`. For tools that only read (the console).
   */
  readonly readOnly?: boolean;
}

/** A stream read's columns, in the order `decodeStreamRows` takes them (the stream id is the one asked for). */
const STREAM_COLUMNS = 'version, global_position, event_id, type, data, metadata';
/** A log read's columns, in the order `decodeLogRows` takes them. */
const LOG_COLUMNS = `stream_id, ${STREAM_COLUMNS}`;
/** SQLite reads a negative LIMIT as "no limit". */
const sqlLimit = (maxCount: number): number => (maxCount >= 2 ** 31 ? -1 : maxCount);

/**
 * An event store in one SQLite file (better-sqlite3): the embedded default for the demo and the
 * CLI. WAL journal, prepared statements, and each append (to one stream, or to several with
 * `appendToStreams`) in one `BEGIN IMMEDIATE` transaction. The schema is created or migrated on open. Unique (stream_id, version) and unique event_id back the
 * optimistic concurrency and duplicate checks. Followers are woken by this process's appends and
 * also poll (for appends by other processes). Opening throws when the file cannot be opened or its
 * schema is newer than this code: that is a configuration error, not a store error.
 */
export const createSqliteEventStore = (options: SqliteEventStoreOptions): EventStore => {
  let db: Database.Database;
  try {
    if (options.readOnly === true) {
      db = new Database(options.filename, { timeout: options.busyTimeoutMs ?? 5000, readonly: true, fileMustExist: true });
      checkSqliteSchema(db);
    } else {
      db = new Database(options.filename, { timeout: options.busyTimeoutMs ?? 5000 });
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      migrateSqlite(db);
    }
  } catch (error) {
    throw new Error(`Cannot open the SQLite event store ${options.filename}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }

  const statements = {
    currentVersion: db.prepare(`SELECT COALESCE(MAX(version), 0) AS version FROM ${SQLITE_EVENTS_TABLE} WHERE stream_id = ?`).pluck(),
    lastPosition: db.prepare(`SELECT global_position FROM ${SQLITE_EVENTS_TABLE} WHERE stream_id = ? ORDER BY version DESC LIMIT 1`).pluck(),
    insert: db.prepare(`INSERT INTO ${SQLITE_EVENTS_TABLE} (stream_id, version, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)`),
    // Rows as arrays (`raw`): no object per row, since each row becomes a RecordedEvent at once.
    readStream: db.prepare(`SELECT ${STREAM_COLUMNS} FROM ${SQLITE_EVENTS_TABLE} WHERE stream_id = ? AND version >= ? ORDER BY version LIMIT ?`).raw(),
    readAll: db.prepare(`SELECT ${LOG_COLUMNS} FROM ${SQLITE_EVENTS_TABLE} WHERE global_position > ? ORDER BY global_position LIMIT ?`).raw(),
  };
  const notifier = new ChangeNotifier();
  let closed = false;

  /** Thrown inside the transaction to roll it back with a typed error. */
  class Rejected {
    constructor(readonly error: StoreError) {}
  }

  /**
   * Checks and inserts one stream's events; runs inside a transaction, which a `Rejected` rolls back.
   * `actual` is the stream's version when the caller has already read it in this transaction.
   */
  const insertPart = (
    streamId: StreamId,
    events: ReadonlyArray<NewEvent>,
    expectedVersion: ExpectedVersion,
    actual = statements.currentVersion.get(streamId) as number,
  ): AppendResult => {
    if (!satisfiesExpectedVersion(expectedVersion, actual)) throw new Rejected(wrongExpectedVersion(streamId, expectedVersion, actual));
    const repeated = firstRepeatedEventId(events);
    if (repeated !== undefined) throw new Rejected(duplicateEvent(streamId, repeated));
    if (events.length === 0) return { nextExpectedVersion: actual, lastGlobalPosition: (statements.lastPosition.get(streamId) as number | undefined) ?? 0 };
    let lastGlobalPosition = 0;
    events.forEach((event, index) => {
      try {
        const info = statements.insert.run(
          streamId,
          actual + index + 1,
          event.metadata.eventId,
          event.type,
          toJsonText(event.data, `the data of event ${index}`),
          toJsonText(event.metadata, `the metadata of event ${index}`),
        );
        lastGlobalPosition = Number(info.lastInsertRowid);
      } catch (error) {
        const rule = brokenUniqueRule(error);
        if (rule === 'event_id') throw new Rejected(duplicateEvent(streamId, event.metadata.eventId));
        if (rule === 'stream_version') throw new Rejected(wrongExpectedVersion(streamId, expectedVersion, statements.currentVersion.get(streamId) as number));
        throw error;
      }
    });
    return { nextExpectedVersion: actual + events.length, lastGlobalPosition };
  };

  const appendInTransaction = db.transaction(insertPart);

  /** Every part in one transaction: the versions of all parts are checked before anything is inserted. */
  const appendManyInTransaction = db.transaction((appends: ReadonlyArray<StreamAppend>): ReadonlyArray<AppendResult> => {
    const actuals = appends.map((part) => {
      const actual = statements.currentVersion.get(part.streamId) as number;
      if (!satisfiesExpectedVersion(part.expectedVersion, actual)) throw new Rejected(wrongExpectedVersion(part.streamId, part.expectedVersion, actual));
      return actual;
    });
    const repeated = firstRepeatedEventIdAcross(appends);
    if (repeated !== undefined) throw new Rejected(duplicateEvent(repeated.streamId, repeated.eventId));
    return appends.map((part, index) => insertPart(part.streamId, part.events, part.expectedVersion, actuals[index]));
  });

  /** Runs a synchronous database call, mapping SQLite failures to `StoreUnavailable`; anything else is a programmer error and throws. */
  const guarded = <A>(operation: string, run: () => A): E.Either<StoreError, A> => {
    if (closed) return E.left(storeClosed());
    try {
      return E.right(run());
    } catch (error) {
      if (error instanceof Rejected) return E.left(error.error);
      const unavailable = sqliteUnavailable(operation, error);
      if (unavailable !== undefined) return E.left(unavailable);
      throw error;
    }
  };

  const readPage = (after: number, maxCount: number): E.Either<StoreError, ReadonlyArray<RecordedEvent>> =>
    E.flatMap(guarded('read the global log', () => statements.readAll.all(after, sqlLimit(maxCount)) as unknown[][]), decodeLogRows);

  return {
    appendToStream: async (streamId, events, appendOptions) => {
      checkAppendArguments(streamId, events, appendOptions);
      const result = guarded('append', () => appendInTransaction.immediate(streamId, events, appendOptions.expectedVersion));
      if (E.isRight(result) && events.length > 0) notifier.notify();
      return result;
    },
    appendToStreams: async (appends) => {
      checkMultiAppendArguments(appends);
      const result = guarded('append', () => appendManyInTransaction.immediate(appends));
      if (E.isRight(result)) notifier.notify();
      return result;
    },
    readStream: async (streamId, readOptions) => {
      const { fromVersion, maxCount } = resolveReadStreamOptions(streamId, readOptions);
      return E.flatMap(guarded('read a stream', () => statements.readStream.all(streamId, fromVersion, sqlLimit(maxCount)) as unknown[][]), (rows) => decodeStreamRows(streamId, rows));
    },
    readAll: async (readOptions) => {
      const { after, maxCount } = resolveReadAllOptions(readOptions);
      return readPage(after, maxCount);
    },
    followAll: (followOptions) => {
      const resolved = resolveFollowOptions(followOptions);
      return followLog({ readPage: async (after, maxCount) => readPage(after, maxCount), notifier, isClosed: () => closed, pollIntervalMs: resolved.pollIntervalMs }, resolved);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      notifier.close();
      db.close();
    },
  };
};
