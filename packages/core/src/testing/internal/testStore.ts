import * as E from 'fp-ts/lib/Either.js';
import type { AppendResult, EventStore, ExpectedVersion, NewEvent, RecordedEvent, StoreError, StreamAppend } from '../../eventStore/eventStore';
import { duplicateEvent, storeClosed, wrongExpectedVersion } from '../../eventStore/storeErrors';

/** The test store, plus direct access to what it holds (to inspect, or to corrupt on purpose). */
export interface TestStore extends EventStore {
  /** Every stored event in global order (mutable: tests edit rows to simulate corruption). */
  readonly log: RecordedEvent[];
  /** Number of successful appends so far. */
  appends: number;
}

const matches = (expected: ExpectedVersion, actual: number): boolean =>
  expected === 'any' ||
  (expected === 'no_stream' && actual === 0) ||
  (expected === 'stream_exists' && actual > 0) ||
  expected === actual;

/**
 * A minimal in-memory `EventStore` for the service's unit tests (core cannot depend on the
 * adapters): exact expected versions, unique event ids across the store, all-or-nothing appends.
 * Each call yields to the event loop once, so concurrent handlers really interleave. With
 * `multiStream` it also offers `appendToStreams` (all parts or none), as the SQL stores do.
 */
export const createTestStore = (options: { readonly multiStream?: boolean } = {}): TestStore => {
  const log: RecordedEvent[] = [];
  let closed = false;
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
  const streamOf = (streamId: string) => log.filter((r) => r.streamId === streamId);
  const store: TestStore = {
    log,
    appends: 0,
    async appendToStream(streamId, events: ReadonlyArray<NewEvent>, { expectedVersion }): Promise<E.Either<StoreError, AppendResult>> {
      await tick();
      if (closed) return E.left(storeClosed());
      const actual = streamOf(streamId).length;
      if (!matches(expectedVersion, actual)) return E.left(wrongExpectedVersion(streamId, expectedVersion, actual));
      for (const event of events) {
        if (log.some((r) => r.metadata.eventId === event.metadata.eventId)) return E.left(duplicateEvent(streamId, event.metadata.eventId));
      }
      events.forEach((event, index) => {
        log.push({ ...structuredClone(event), streamId, version: actual + index + 1, globalPosition: log.length + 1 });
      });
      store.appends += 1;
      return E.right({ nextExpectedVersion: actual + events.length, lastGlobalPosition: log.length });
    },
    ...(options.multiStream === true
      ? {
          async appendToStreams(appends: ReadonlyArray<StreamAppend>): Promise<E.Either<StoreError, ReadonlyArray<AppendResult>>> {
            await tick();
            if (closed) return E.left(storeClosed());
            for (const { streamId, events, expectedVersion } of appends) {
              const actual = streamOf(streamId).length;
              if (!matches(expectedVersion, actual)) return E.left(wrongExpectedVersion(streamId, expectedVersion, actual));
              for (const event of events) {
                if (log.some((r) => r.metadata.eventId === event.metadata.eventId)) return E.left(duplicateEvent(streamId, event.metadata.eventId));
              }
            }
            const results = appends.map(({ streamId, events }): AppendResult => {
              const actual = streamOf(streamId).length;
              events.forEach((event, index) => {
                log.push({ ...structuredClone(event), streamId, version: actual + index + 1, globalPosition: log.length + 1 });
              });
              return { nextExpectedVersion: actual + events.length, lastGlobalPosition: log.length };
            });
            store.appends += 1;
            return E.right(results);
          },
        }
      : {}),
    async readStream(streamId, options = {}) {
      await tick();
      if (closed) return E.left(storeClosed());
      const from = options.fromVersion ?? 1;
      const rows = streamOf(streamId).filter((r) => r.version >= from);
      return E.right(structuredClone(options.maxCount === undefined ? rows : rows.slice(0, options.maxCount)));
    },
    async readAll(options = {}) {
      await tick();
      if (closed) return E.left(storeClosed());
      return E.right(structuredClone(log.filter((r) => r.globalPosition > (options.after ?? 0)).slice(0, options.maxCount ?? 1_000)));
    },
    async *followAll() {
      yield* structuredClone(log);
    },
    async close() {
      closed = true;
    },
  };
  return store;
};
