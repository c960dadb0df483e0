import * as E from 'fp-ts/lib/Either.js';
import {
  duplicateEvent,
  storeClosed,
  StoreFollowError,
  streamDeleted,
  wrongExpectedVersion,
  type AppendResult,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
  type StoreError,
  type StreamId,
  DISPUTEKIT_STREAM_PREFIXES,
} from '@disputekit/core';
import { checkAppendArguments, firstRepeatedEventId, resolveFollowOptions, resolveReadAllOptions, resolveReadStreamOptions } from '../internal/arguments';
import { satisfiesExpectedVersion } from '../internal/expectedVersion';
import {
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  STREAM_NAME,
  type EventStoreDbAppendState,
  type EventStoreDbClient,
  type EventStoreDbFilter,
  type EventStoreDbPosition,
  type EventStoreDbRecordedEvent,
  type EventStoreDbSubscription,
} from './eventStoreDbClient';
import { errorType, eventStoreDbFailure, isOutcomeUnknown, isStreamNotFound, wrongVersionActual } from './eventStoreDbErrors';
import { APPEND_ID_KEY, appendIdOf, decodeEventStoreDbEvent } from './eventStoreDbEvent';

/** Options of `createEventStoreDbEventStore`. */
export type EventStoreDbEventStoreOptions = (
  | {
      /** A KurrentDB/EventStoreDB connection string: the store makes (and on close disposes) a `KurrentDBClient`. Needs `@kurrent/kurrentdb-client`. */
      readonly connectionString: string;
    }
  | {
      /** A client the caller owns (not disposed on close): `KurrentDBClient`, `EventStoreDBClient`, or a fake. */
      readonly client: EventStoreDbClient;
    }
) & {
  /**
   * Stream-name prefixes `readAll` and `followAll` read from `$all` (default `['dispute-', 'order-']`:
   * the dispute streams and the order guards, as the other stores' logs hold and the log verifier needs).
   */
  readonly streamPrefixes?: ReadonlyArray<string>;
};

/** How often an append with `'any'` retries after another writer got in between its read and its write. */
const RACE_RETRIES = 10;
/** The streams a store reads from `$all` unless told otherwise. */
const DEFAULT_PREFIXES = DISPUTEKIT_STREAM_PREFIXES;
/** The most raw records one `$all` request asks for while filling a page (batches double up to it). */
const MAX_BATCH = 4_096;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const toLogPosition = (after: number): typeof START | EventStoreDbPosition => (after === 0 ? START : { commit: BigInt(after), prepare: BigInt(after) });

/** Thrown inside an operation to end it with a typed error. */
class Rejected {
  constructor(readonly error: StoreError) {}
}

/** What the store must know about a stream before appending: its version, its events' ids, its last position. */
interface StreamSummary {
  readonly version: number;
  readonly eventIds: ReadonlyArray<string>;
  readonly lastPosition: number;
}

/** Checks what EventStoreDB needs beyond the port: UUID event ids and JSON object or array data. */
const checkEventStoreDbEvents = (events: ReadonlyArray<NewEvent>): void => {
  events.forEach((event, index) => {
    if (!UUID.test(event.metadata.eventId)) throw new TypeError(`appendToStream: EventStoreDB needs UUID event ids; event ${index} has ${JSON.stringify(event.metadata.eventId)}`);
    if (typeof event.data !== 'object' || event.data === null) throw new TypeError(`appendToStream: EventStoreDB stores JSON objects or arrays; the data of event ${index} is ${typeof event.data}`);
  });
};

/**
 * An event store on EventStoreDB / KurrentDB. Versions map to 0-based revisions, and every append
 * sends a concrete expected revision (or `no_stream` / `stream_exists`), never `any`. Event ids are
 * the events' `metadata.eventId`. `readAll` and `followAll` read `$all` through a server-side filter
 * on the stream prefixes (`dispute-` by default), and a global position is the event's commit
 * position in the log: positions are unique and increasing but not contiguous.
 *
 * Before appending, the store reads the stream once, so that a stale version is refused before any
 * write (EventStoreDB would otherwise answer an exact retry as an idempotent success) and so that an
 * event id already in the stream is reported as `DuplicateEvent`. A writer that stores the same
 * event ids between that read and the write gets the server's idempotent success (or, while in
 * flight, no answer); each append therefore stores its own id with its events and reads them back,
 * answering `DuplicateEvent` when they are another writer's. EventStoreDB keeps event ids unique
 * only within a stream, not across streams.
 */
export const createEventStoreDbEventStore = (options: EventStoreDbEventStoreOptions): EventStore => {
  const prefixes = [...(options.streamPrefixes ?? DEFAULT_PREFIXES)];
  const filter: EventStoreDbFilter = { filterOn: STREAM_NAME, prefixes, checkpointInterval: 1 };
  const wanted = (streamId: string): boolean => prefixes.some((prefix) => streamId.startsWith(prefix));
  const subscriptions = new Set<EventStoreDbSubscription>();
  let closed = false;
  let opening: Promise<EventStoreDbClient> | undefined;

  const client = (): Promise<EventStoreDbClient> => {
    opening ??=
      'client' in options
        ? Promise.resolve(options.client)
        : import('@kurrent/kurrentdb-client').then((kurrent) => {
            // An ESM import of this CommonJS package may put its exports under `default`.
            const { KurrentDBClient } = kurrent.KurrentDBClient === undefined ? kurrent.default : kurrent;
            return KurrentDBClient.connectionString(options.connectionString) as unknown as EventStoreDbClient;
          });
    return opening.catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
  };

  const run = async <A>(operation: string, work: (db: EventStoreDbClient) => Promise<A>, streamId?: StreamId): Promise<E.Either<StoreError, A>> => {
    if (closed) return E.left(storeClosed());
    try {
      return E.right(await work(await client()));
    } catch (error) {
      if (error instanceof Rejected) return E.left(error.error);
      return E.left(closed ? storeClosed() : eventStoreDbFailure(operation, error, streamId));
    }
  };

  /** Every raw event of a stream from `fromRevision` on (empty for a missing or soft-deleted stream). */
  const readRaw = async (db: EventStoreDbClient, streamId: StreamId, fromRevision: bigint, maxCount: number): Promise<EventStoreDbRecordedEvent[]> => {
    const events: EventStoreDbRecordedEvent[] = [];
    try {
      for await (const resolved of db.readStream(streamId, { fromRevision, maxCount, direction: FORWARDS })) {
        if (resolved.event !== undefined) events.push(resolved.event);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    // A stream soft-deleted and written again keeps counting its revisions: its versions no longer start at 1.
    if (fromRevision === 0n && events[0] !== undefined && events[0].revision !== 0n) throw new Rejected(streamDeleted(streamId, `it was deleted and written again (its first event is revision ${events[0].revision})`));
    return events;
  };

  /**
   * Whether a stream that reads as missing was soft-deleted: its metadata stream then holds a
   * truncation. A user not allowed to read metadata streams cannot tell; the append then goes ahead.
   */
  const wasSoftDeleted = async (db: EventStoreDbClient, streamId: StreamId): Promise<boolean> => {
    const metadata = await readRaw(db, `$$${streamId}`, 0n, Number.MAX_SAFE_INTEGER).catch((error: unknown) => {
      if (error instanceof Rejected || errorType(error) === 'access-denied') return [];
      throw error;
    });
    return metadata.some((event) => typeof event.data === 'object' && event.data !== null && '$tb' in event.data);
  };

  const summarise = async (db: EventStoreDbClient, streamId: StreamId): Promise<StreamSummary> => {
    const events = await readRaw(db, streamId, 0n, Number.MAX_SAFE_INTEGER);
    const last = events[events.length - 1];
    return {
      version: last === undefined ? 0 : Number(last.revision) + 1,
      eventIds: events.map((event) => event.id.toLowerCase()),
      lastPosition: Number(last?.position?.commit ?? 0n),
    };
  };

  /** The concrete state sent with the append: the checked version as a revision, or a stream-state constant. */
  const stateFor = (expected: ExpectedVersion, actual: number): EventStoreDbAppendState => {
    if (expected === 'stream_exists') return STREAM_EXISTS;
    const version = expected === 'no_stream' ? 0 : expected === 'any' ? actual : expected;
    return version === 0 ? NO_STREAM : BigInt(version - 1);
  };

  /**
   * The result of this very append (the one that sent `appendId`), read back from the stream right
   * after `version`; `'theirs'` when these event ids are stored there by another writer; undefined
   * when they are not there. The server cannot tell the caller which: a racing identical append gets
   * the first one's success as an idempotent answer (or no answer at all while that one is in
   * flight), so only the append id each write stores beside its events says whose events they are.
   */
  const settle = async (db: EventStoreDbClient, streamId: StreamId, events: ReadonlyArray<NewEvent>, version: number, appendId: string): Promise<AppendResult | 'theirs' | undefined> => {
    const stored = await readRaw(db, streamId, BigInt(version), events.length);
    const matches = stored.length === events.length && stored.every((event, index) => event.id.toLowerCase() === events[index]!.metadata.eventId.toLowerCase());
    const last = stored[stored.length - 1];
    if (!matches || last === undefined) return undefined;
    if (!stored.every((event) => appendIdOf(event) === appendId)) return 'theirs';
    return { nextExpectedVersion: Number(last.revision) + 1, lastGlobalPosition: Number(last.position?.commit ?? 0n) };
  };

  const append = async (db: EventStoreDbClient, streamId: StreamId, events: ReadonlyArray<NewEvent>, expected: ExpectedVersion): Promise<AppendResult> => {
    for (let attempt = 1; ; attempt += 1) {
      const stream = await summarise(db, streamId);
      if (!satisfiesExpectedVersion(expected, stream.version)) throw new Rejected(wrongExpectedVersion(streamId, expected, stream.version));
      const known = new Set(stream.eventIds);
      const repeated = firstRepeatedEventId(events) ?? events.find((event) => known.has(event.metadata.eventId.toLowerCase()))?.metadata.eventId;
      if (repeated !== undefined) throw new Rejected(duplicateEvent(streamId, repeated));
      if (events.length === 0) return { nextExpectedVersion: stream.version, lastGlobalPosition: stream.lastPosition };
      if (stream.version === 0 && (await wasSoftDeleted(db, streamId))) throw new Rejected(streamDeleted(streamId));
      const state = stateFor(expected, stream.version);
      const appendId = crypto.randomUUID();
      let conflict: number | undefined;
      let settled: AppendResult | 'theirs' | undefined;
      try {
        const result = await db.appendToStream(
          streamId,
          events.map((event) => ({
            id: event.metadata.eventId,
            contentType: 'application/json' as const,
            type: event.type,
            data: event.data as Record<string, unknown>,
            metadata: { ...(event.metadata as unknown as Record<string, unknown>), [APPEND_ID_KEY]: appendId },
          })),
          { streamState: state, expectedRevision: state },
        );
        // A success may be the server's idempotent answer to another writer's identical append: read whose events these are.
        if (result.success) {
          settled = await settle(db, streamId, events, stream.version, appendId);
          // Not readable where expected (a scavenge or truncation since): the server's answer is all there is.
          settled ??= { nextExpectedVersion: Number(result.nextExpectedRevision) + 1, lastGlobalPosition: Number(result.position?.commit ?? BigInt((await summarise(db, streamId)).lastPosition)) };
        }
      } catch (error) {
        const wrong = wrongVersionActual(error);
        if (wrong === undefined) {
          settled = isOutcomeUnknown(error) ? await settle(db, streamId, events, stream.version, appendId).catch(() => undefined) : undefined;
          if (settled === undefined) throw error;
        } else conflict = wrong.actual;
      }
      // Another writer stored these very events between the read and the write: they were not appended by this call.
      if (settled === 'theirs') throw new Rejected(duplicateEvent(streamId, events[0]!.metadata.eventId));
      if (settled !== undefined) return settled;
      // Another writer appended between the read and the write.
      if (expected !== 'any' || attempt >= RACE_RETRIES) {
        throw new Rejected(wrongExpectedVersion(streamId, expected, conflict ?? (await summarise(db, streamId)).version));
      }
    }
  };

  const decodeAll = (events: ReadonlyArray<EventStoreDbRecordedEvent>, streamId?: StreamId): ReadonlyArray<RecordedEvent> =>
    events.map((event) => {
      const decoded = decodeEventStoreDbEvent({ event });
      if (E.isLeft(decoded)) throw new Rejected(streamId === undefined ? decoded.left : { ...decoded.left, streamId });
      return decoded.right;
    });

  /**
   * Whether a record read from `$all` is one of the store's events. Records of other streams are left
   * out, and so are system records inside a wanted stream (types starting with `$`: the
   * `$streamDeleted` a hard delete leaves, `$metadata`, `$>` links): the store never writes such
   * types (a domain event type never starts with `$`), so skipping them loses nothing of its own.
   */
  const isOwnRecord = (event: EventStoreDbRecordedEvent | undefined): event is EventStoreDbRecordedEvent =>
    event !== undefined && wanted(event.streamId) && !event.type.startsWith('$');

  /**
   * One page of the filtered log after `after`: `maxCount` events, or fewer only when the log ends.
   * `@eventstore/db-client` 6.x sends every `readAll` unfiltered (its options have no `filter`), and
   * other streams (order guards, `$>` links, other applications) may fill any number of raw records,
   * so the store keeps reading raw batches until the page is full or a batch comes back short (the
   * end). Starts are inclusive: each batch begins at the last record seen, which is dropped.
   */
  const readPage = (after: number, maxCount: number): Promise<E.Either<StoreError, ReadonlyArray<RecordedEvent>>> =>
    run('read the global log', async (db) => {
      const page: RecordedEvent[] = [];
      let from = after;
      // The first batch is the page and the record at `after`; each further one doubles, up to MAX_BATCH.
      let batch = Math.min(maxCount + 1, Number.MAX_SAFE_INTEGER);
      while (page.length < maxCount) {
        let received = 0;
        let last = from;
        for await (const resolved of db.readAll({ fromPosition: toLogPosition(from), maxCount: batch, direction: FORWARDS, filter })) {
          received += 1;
          const position = Number(resolved.event?.position?.commit ?? resolved.commitPosition ?? -1n);
          if (position > last) last = position;
          if ((position >= 0 && position <= from) || !isOwnRecord(resolved.event)) continue;
          const decoded = decodeEventStoreDbEvent(resolved);
          if (E.isLeft(decoded)) throw new Rejected(decoded.left);
          page.push(decoded.right);
          if (page.length === maxCount) break;
        }
        if (received < batch || last === from) return page;
        from = last;
        batch = Math.max(batch, Math.min(batch * 2, MAX_BATCH));
      }
      return page;
    });

  return {
    appendToStream: async (streamId, events, appendOptions) => {
      checkAppendArguments(streamId, events, appendOptions);
      checkEventStoreDbEvents(events);
      return run('append', (db) => append(db, streamId, events, appendOptions.expectedVersion), streamId);
    },
    readStream: async (streamId, readOptions) => {
      const { fromVersion, maxCount } = resolveReadStreamOptions(streamId, readOptions);
      return run('read a stream', async (db) => (maxCount === 0 ? [] : decodeAll(await readRaw(db, streamId, BigInt(fromVersion - 1), maxCount))), streamId);
    },
    readAll: async (readOptions) => {
      const { after, maxCount } = resolveReadAllOptions(readOptions);
      return readPage(after, maxCount);
    },
    followAll: (followOptions) => {
      const { after, signal } = resolveFollowOptions(followOptions);
      const aborted = (): boolean => signal?.aborted === true || closed;
      return (async function* follow(): AsyncGenerator<RecordedEvent, void, undefined> {
        if (closed) throw new StoreFollowError(storeClosed());
        let subscription: EventStoreDbSubscription;
        try {
          const db = await client();
          if (aborted()) return;
          subscription = db.subscribeToAll({ fromPosition: toLogPosition(after), filter });
        } catch (error) {
          throw new StoreFollowError(eventStoreDbFailure('follow the log', error));
        }
        subscriptions.add(subscription);
        const stop = (): void => void subscription.unsubscribe().catch(() => undefined);
        signal?.addEventListener('abort', stop, { once: true });
        try {
          for await (const resolved of subscription) {
            if (aborted()) return;
            if (!isOwnRecord(resolved.event)) continue;
            const decoded = decodeEventStoreDbEvent(resolved);
            if (E.isLeft(decoded)) throw new StoreFollowError(decoded.left);
            if (decoded.right.globalPosition <= after) continue;
            yield decoded.right;
          }
        } catch (error) {
          if (error instanceof StoreFollowError) throw error;
          if (aborted()) return;
          throw new StoreFollowError(eventStoreDbFailure('follow the log', error));
        } finally {
          signal?.removeEventListener('abort', stop);
          subscriptions.delete(subscription);
          await subscription.unsubscribe().catch(() => undefined);
        }
      })();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all([...subscriptions].map((subscription) => subscription.unsubscribe().catch(() => undefined)));
      const current = opening;
      opening = undefined;
      if (current !== undefined && 'connectionString' in options) await current.then((db) => db.dispose(), () => undefined).catch(() => undefined);
    },
  };
};
