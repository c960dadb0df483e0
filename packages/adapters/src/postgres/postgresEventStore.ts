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
import { isExactExpectedVersion, satisfiesExpectedVersion } from '../internal/expectedVersion';
import { followLog } from '../internal/followLog';
import { decodeStoredRows, toJsonText, type StoredRow } from '../internal/storedEvent';
import type { PgQueryable, PostgresConnectionOptions } from './postgresClient';
import { openPostgresConnection, type PostgresConnection } from './postgresConnection';
import { isConnectionBroken, postgresUnavailable, uniqueViolation } from './postgresErrors';
import { migrateThrough } from './migratePostgres';
import { checkEventStoreSchema } from './checkEventStoreSchema';
import { DEFAULT_POSTGRES_SCHEMA, lockKeysFor, quoteSchema } from './postgresSchema';

/** Options of `createPostgresEventStore`: where to connect, plus the schema and whether to migrate it. */
export type PostgresEventStoreOptions = PostgresConnectionOptions & {
  /** The PostgreSQL schema of the store's tables (default `disputekit`). */
  readonly schema?: string;
  /** Run `migratePostgres` on first use (default false: migrate explicitly at deploy time). */
  readonly migrate?: boolean;
  /**
   * Read-only (default false): on first use the schema must hold a disputekit event store of this
   * code's version, or every operation answers `StoreUnavailable` saying so; nothing is created or
   * migrated (not allowed with `migrate`), and appends answer `StoreUnavailable`.
   */
  readonly readOnly?: boolean;
};

/** How often an append with `'any'` or `'stream_exists'` retries after losing a race for the next version. */
const RACE_RETRIES = 10;

/** How `append_events` takes an expected version: NULL for any, -1 for an existing stream, else the exact count (0: no stream). */
const expectedCode = (expected: ExpectedVersion): number | null => {
  switch (expected) {
    case 'any':
      return null;
    case 'stream_exists':
      return -1;
    case 'no_stream':
      return 0;
    default:
      return expected;
  }
};

/** Thrown inside an append transaction to roll it back with a typed error. */
class Rejected {
  constructor(readonly error: StoreError) {}
}

/**
 * An event store in PostgreSQL (pg 8, or any client with pg's `query(text, values)`, such as PGlite).
 *
 * Global order without ever skipping a late commit. Concurrent transactions commit out of order, so
 * a follower that read "everything after position 41" could miss position 40 committing a moment
 * later. Two rules prevent it:
 * 1. Every event row stores the id of the transaction that wrote it (`transaction_id xid8`). An
 *    append takes its transaction id and reserves all its positions (from the identity's
 *    sequence) together, under a session-level advisory lock held only for those two steps, so
 *    among appends a later transaction id always means higher positions: position order is
 *    transaction order. The INSERT runs after the lock is given back, beside other appends'
 *    inserts. The lock is taken and released inside one server-side statement (`append_events`,
 *    see `postgresAppendFunctions.ts`), which is the whole append: no round trip to this process
 *    while it is held.
 * 2. `readAll` and `followAll` return only events whose transaction id is below the oldest
 *    transaction still running (`pg_snapshot_xmin(pg_current_snapshot())`). Every transaction that
 *    could still commit an event with a lower position is therefore finished (committed and
 *    visible, or rolled back) before anything after it is returned.
 * So positions increase in the order followers see events, and a checkpoint (the last position
 * seen) is safe to resume from. The price: an event shows in `readAll` only once every
 * transaction that began before it has ended, including unrelated long transactions on the same
 * server. `readStream` reads its stream directly and sees an append as soon as it commits.
 */
export const createPostgresEventStore = (options: PostgresEventStoreOptions): EventStore => {
  const schemaName = options.schema ?? DEFAULT_POSTGRES_SCHEMA;
  if (options.readOnly === true && options.migrate === true) throw new TypeError('createPostgresEventStore: a readOnly store cannot migrate; drop one of readOnly and migrate.');
  const refuseWrite = (): E.Either<StoreError, never> => E.left(storeUnavailable(`The PostgreSQL event store (schema ${schemaName}) was opened read-only: it cannot append`));
  const s = quoteSchema(schemaName);
  const [lockClass, lockKey] = lockKeysFor(schemaName).position;
  // A stream read leaves out stream_id: its WHERE clause names the stream, which the rows are decoded with.
  const streamColumns = `global_position::text AS "globalPosition", version, event_id AS "eventId", type, data, metadata`;
  const columns = `stream_id AS "streamId", ${streamColumns}`;
  const sql = {
    current: `SELECT COALESCE(MAX(version), 0)::integer AS version FROM ${s}.events WHERE stream_id = $1`,
    unlock: 'SELECT pg_advisory_unlock($1, $2)',
    append: `SELECT ok, actual_version AS "actualVersion", last_position::text AS "lastPosition"
             FROM ${s}.append_events($1::text, $2::integer, $3::text[], $4::text[], $5::text[], $6::text[])`,
    appendMany: `SELECT failed_part AS "failedPart", actual_versions AS "actualVersions", last_positions::text[] AS "lastPositions"
                 FROM ${s}.append_to_streams($1::text[], $2::integer[], $3::integer[], $4::text[], $5::text[], $6::text[], $7::text[])`,
    readStream: `SELECT ${streamColumns} FROM ${s}.events WHERE stream_id = $1 AND version >= $2 ORDER BY version LIMIT $3`,
    readAll: `SELECT ${columns} FROM ${s}.events
              WHERE global_position > $1 AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
              ORDER BY global_position LIMIT $2`,
  };
  const notifier = new ChangeNotifier();
  let closed = false;
  let opening: Promise<PostgresConnection> | undefined;

  /** Connects (and migrates, when asked) on first use; a failure is reported and retried next time. */
  const connection = (): Promise<E.Either<StoreError, PostgresConnection>> => {
    opening ??= (async () => {
      const opened = await openPostgresConnection(options);
      if (options.migrate === true) {
        const migrated = await migrateThrough(opened, schemaName);
        if (E.isLeft(migrated)) {
          await opened.close().catch(() => undefined);
          throw migrated.left;
        }
      }
      if (options.readOnly === true) {
        const wrong = await checkEventStoreSchema(opened, schemaName).catch((error: unknown) => postgresUnavailable('check the event store schema', error));
        if (wrong !== undefined) {
          await opened.close().catch(() => undefined);
          throw wrong;
        }
      }
      return opened;
    })();
    return opening.then(E.right, (error: unknown) => {
      opening = undefined;
      const typed = error as Partial<StoreError>;
      return E.left(typed._tag === 'StoreUnavailable' ? (error as StoreError) : postgresUnavailable('connect', error));
    });
  };

  /** Runs an operation on the store's connection, mapping every driver failure to a `StoreError`. */
  const run = async <A>(operation: string, work: (db: PostgresConnection) => Promise<A>): Promise<E.Either<StoreError, A>> => {
    if (closed) return E.left(storeClosed());
    const db = await connection();
    if (E.isLeft(db)) return db;
    try {
      return E.right(await work(db.right));
    } catch (error) {
      if (error instanceof Rejected) return E.left(error.error);
      return E.left(closed ? storeClosed() : postgresUnavailable(operation, error));
    }
  };

  const currentVersion = async (client: PgQueryable, streamId: StreamId): Promise<number> =>
    (((await client.query(sql.current, [streamId])).rows[0] as { version: number } | undefined)?.version ?? 0);

  /**
   * After a failure that may have struck while `append_events` or `append_to_streams` held the
   * session-level position lock (which outlives the statement): gives it back (a no-op when not
   * held), or marks the connection broken so that the pool drops it.
   */
  const giveBackPositionLock = (client: PgQueryable, error: unknown): Promise<unknown> =>
    client.query(sql.unlock, [lockClass, lockKey]).catch(() => Promise.reject(Object.assign(new Error('Connection ended holding the position lock'), { code: 'ECONNRESET', cause: error })));

  /** Throws `WrongExpectedVersion` for the first part whose stream is not at its expected version. */
  const rejectStaleParts = async (client: PgQueryable, appends: ReadonlyArray<StreamAppend>): Promise<void> => {
    for (const part of appends) {
      const actual = await currentVersion(client, part.streamId);
      if (!satisfiesExpectedVersion(part.expectedVersion, actual)) throw new Rejected(wrongExpectedVersion(part.streamId, part.expectedVersion, actual));
    }
  };

  /**
   * One attempt at an append: one statement, `append_events`, which is its own transaction. It
   * checks the expected version, inserts under the position lock and releases the lock before it
   * returns, so the lock is never held while the server waits for this process.
   */
  const appendOnce = async (client: PgQueryable, streamId: StreamId, events: ReadonlyArray<NewEvent>, expectedVersion: ExpectedVersion, encoded: ReadonlyArray<[string, string]>): Promise<AppendResult | 'lost race'> => {
    try {
      const { rows } = await client.query(sql.append, [
        streamId,
        expectedCode(expectedVersion),
        events.map((event) => event.metadata.eventId),
        events.map((event) => event.type),
        encoded.map(([data]) => data),
        encoded.map(([, metadata]) => metadata),
      ]);
      const row = rows[0] as { ok: boolean; actualVersion: number; lastPosition: string | null };
      if (!row.ok) throw new Rejected(wrongExpectedVersion(streamId, expectedVersion, row.actualVersion));
      return { nextExpectedVersion: row.actualVersion + events.length, lastGlobalPosition: Number(row.lastPosition ?? 0) };
    } catch (error) {
      if (error instanceof Rejected) throw error;
      const violation = uniqueViolation(error);
      if (violation?.rule === 'event_id') {
        // A lost race first (another writer took the version meanwhile, with its own copy of an
        // event id), as every store reports the version first; only then a true repeat.
        if (isExactExpectedVersion(expectedVersion)) {
          const actual = await currentVersion(client, streamId);
          if (!satisfiesExpectedVersion(expectedVersion, actual)) throw new Rejected(wrongExpectedVersion(streamId, expectedVersion, actual));
        }
        const eventId = violation.eventId ?? events.find((event) => event.metadata.eventId)?.metadata.eventId ?? '';
        throw new Rejected(duplicateEvent(streamId, eventId));
      }
      if (violation?.rule === 'stream_version') {
        if (!isExactExpectedVersion(expectedVersion)) return 'lost race';
        throw new Rejected(wrongExpectedVersion(streamId, expectedVersion, await currentVersion(client, streamId)));
      }
      // Any other failure may have struck while the statement held the position lock.
      await giveBackPositionLock(client, error);
      throw error;
    }
  };

  /**
   * One attempt at a multi-stream append: one statement, `append_to_streams` (see `appendOnce`). A
   * lost race for a version (only possible with `'any'` or `'stream_exists'`) is answered as such;
   * with exact expected versions it is the other writer's win: `WrongExpectedVersion`.
   */
  const appendManyOnce = async (client: PgQueryable, appends: ReadonlyArray<StreamAppend>, encoded: ReadonlyArray<ReadonlyArray<[string, string]>>): Promise<ReadonlyArray<AppendResult> | 'lost race'> => {
    const events = appends.flatMap((part, index) => part.events.map((event) => ({ part: index + 1, event })));
    try {
      const { rows } = await client.query(sql.appendMany, [
        appends.map((part) => part.streamId),
        appends.map((part) => expectedCode(part.expectedVersion)),
        events.map(({ part }) => part),
        events.map(({ event }) => event.metadata.eventId),
        events.map(({ event }) => event.type),
        encoded.flatMap((part) => part.map(([data]) => data)),
        encoded.flatMap((part) => part.map(([, metadata]) => metadata)),
      ]);
      const row = rows[0] as { failedPart: number | null; actualVersions: number[]; lastPositions: Array<string | null> | null };
      if (row.failedPart !== null) {
        const failed = appends[row.failedPart - 1]!;
        throw new Rejected(wrongExpectedVersion(failed.streamId, failed.expectedVersion, row.actualVersions[row.failedPart - 1] ?? 0));
      }
      return appends.map((part, index) => ({
        nextExpectedVersion: row.actualVersions[index]! + part.events.length,
        lastGlobalPosition: Number(row.lastPositions?.[index] ?? 0),
      }));
    } catch (error) {
      if (error instanceof Rejected) throw error;
      const violation = uniqueViolation(error);
      if (violation?.rule === 'event_id') {
        // A lost race is told from a true repeat: when another writer moved one of the streams
        // meanwhile (its events share an id with ours, such as an order guard's release), this is
        // that writer's win, `WrongExpectedVersion`, and the caller re-decides.
        await rejectStaleParts(client, appends);
        const eventId = violation.eventId ?? '';
        const streamId = appends.find((part) => part.events.some((event) => event.metadata.eventId === eventId))?.streamId ?? appends[0]!.streamId;
        throw new Rejected(duplicateEvent(streamId, eventId));
      }
      if (violation?.rule === 'stream_version') {
        await rejectStaleParts(client, appends);
        return 'lost race';
      }
      await giveBackPositionLock(client, error);
      throw error;
    }
  };

  const readPage = (after: number, maxCount: number): Promise<E.Either<StoreError, ReadonlyArray<RecordedEvent>>> =>
    run('read the global log', async (db) => (await db.query(sql.readAll, [after, maxCount])).rows as StoredRow[]).then((rows) => E.flatMap(rows, (found) => decodeStoredRows(found)));

  return {
    appendToStream: async (streamId, events, appendOptions) => {
      checkAppendArguments(streamId, events, appendOptions);
      if (options.readOnly === true) return refuseWrite();
      const { expectedVersion } = appendOptions;
      const repeated = firstRepeatedEventId(events);
      const encoded = events.map((event, index): [string, string] => [
        toJsonText(event.data, `the data of event ${index}`),
        toJsonText(event.metadata, `the metadata of event ${index}`),
      ]);
      const result = await run('append', (db) =>
        db.withConnection(async (client) => {
          if (repeated !== undefined) {
            // Report the version first, as every store does; then the repeated id.
            const actual = await currentVersion(client, streamId);
            if (!satisfiesExpectedVersion(expectedVersion, actual)) throw new Rejected(wrongExpectedVersion(streamId, expectedVersion, actual));
            throw new Rejected(duplicateEvent(streamId, repeated));
          }
          for (let attempt = 1; ; attempt += 1) {
            const outcome = await appendOnce(client, streamId, events, expectedVersion, encoded);
            if (outcome !== 'lost race') return outcome;
            if (attempt >= RACE_RETRIES) throw new Rejected(wrongExpectedVersion(streamId, expectedVersion, await currentVersion(client, streamId)));
          }
        }, isConnectionBroken),
      );
      if (E.isRight(result) && events.length > 0) notifier.notify();
      return result;
    },
    appendToStreams: async (appends) => {
      checkMultiAppendArguments(appends);
      if (options.readOnly === true) return refuseWrite();
      const repeated = firstRepeatedEventIdAcross(appends);
      const encoded = appends.map((part) =>
        part.events.map((event, index): [string, string] => [
          toJsonText(event.data, `the data of event ${index} of ${part.streamId}`),
          toJsonText(event.metadata, `the metadata of event ${index} of ${part.streamId}`),
        ]),
      );
      const result = await run('append', (db) =>
        db.withConnection(async (client) => {
          if (repeated !== undefined) {
            // Report the versions first, as every store does; then the repeated id.
            await rejectStaleParts(client, appends);
            throw new Rejected(duplicateEvent(repeated.streamId, repeated.eventId));
          }
          for (let attempt = 1; ; attempt += 1) {
            const outcome = await appendManyOnce(client, appends, encoded);
            if (outcome !== 'lost race') return outcome;
            if (attempt >= RACE_RETRIES) {
              const first = appends[0]!;
              throw new Rejected(wrongExpectedVersion(first.streamId, first.expectedVersion, await currentVersion(client, first.streamId)));
            }
          }
        }, isConnectionBroken),
      );
      if (E.isRight(result)) notifier.notify();
      return result;
    },
    readStream: async (streamId, readOptions) => {
      const { fromVersion, maxCount } = resolveReadStreamOptions(streamId, readOptions);
      const rows = await run('read a stream', async (db) => (await db.query(sql.readStream, [streamId, fromVersion, maxCount])).rows as StoredRow[]);
      return E.flatMap(rows, (found) => decodeStoredRows(found, streamId));
    },
    readAll: async (readOptions) => {
      const { after, maxCount } = resolveReadAllOptions(readOptions);
      return readPage(after, maxCount);
    },
    followAll: (followOptions) => {
      const resolved = resolveFollowOptions(followOptions);
      return followLog({ readPage, notifier, isClosed: () => closed, pollIntervalMs: resolved.pollIntervalMs }, resolved);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      notifier.close();
      const current = opening;
      opening = undefined;
      if (current !== undefined) await current.then((db) => db.close(), () => undefined).catch(() => undefined);
    },
  };
};
