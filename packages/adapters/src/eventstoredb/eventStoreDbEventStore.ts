import { DISPUTEKIT_STREAM_PREFIXES, type EventStore } from '@disputekit/core';
import { checkAppendArguments, resolveReadAllOptions, resolveReadStreamOptions } from '../internal/arguments';
import { appendEvents, checkEventStoreDbEvents } from './eventStoreDbAppend';
import type { EventStoreDbClient } from './eventStoreDbClient';
import { decodeAll, followEvents, readPage, readRaw } from './eventStoreDbReads';
import { eventStoreDbStore, runOperation } from './eventStoreDbStore';

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

/** The streams a store reads from `$all` unless told otherwise. */
const DEFAULT_PREFIXES = DISPUTEKIT_STREAM_PREFIXES;

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
  const store = eventStoreDbStore(options, [...(options.streamPrefixes ?? DEFAULT_PREFIXES)]);
  return {
    appendToStream: async (streamId, events, appendOptions) => {
      checkAppendArguments(streamId, events, appendOptions);
      checkEventStoreDbEvents(events);
      return runOperation(store, 'append', (db) => appendEvents(db, streamId, events, appendOptions.expectedVersion), streamId);
    },
    readStream: async (streamId, readOptions) => {
      const { fromVersion, maxCount } = resolveReadStreamOptions(streamId, readOptions);
      return runOperation(store, 'read a stream', async (db) => (maxCount === 0 ? [] : decodeAll(await readRaw(db, streamId, BigInt(fromVersion - 1), maxCount))), streamId);
    },
    readAll: async (readOptions) => {
      const { after, maxCount } = resolveReadAllOptions(readOptions);
      return readPage(store, after, maxCount);
    },
    followAll: (followOptions) => followEvents(store, followOptions),
    close: async () => {
      if (store.closed) return;
      store.closed = true;
      await Promise.all([...store.subscriptions].map((subscription) => subscription.unsubscribe().catch(() => undefined)));
      const current = store.opening;
      store.opening = undefined;
      if (current !== undefined && 'connectionString' in options) await current.then((db) => db.dispose(), () => undefined).catch(() => undefined);
    },
  };
};
