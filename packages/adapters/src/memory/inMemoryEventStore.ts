import * as E from 'fp-ts/lib/Either.js';
import {
  duplicateEvent,
  storeClosed,
  wrongExpectedVersion,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
  type StoreError,
  type StreamId,
} from '@disputekit/core';
import { checkAppendArguments, firstRepeatedEventId, resolveFollowOptions, resolveReadAllOptions, resolveReadStreamOptions } from '../internal/arguments';
import { ChangeNotifier } from '../internal/changeNotifier';
import { satisfiesExpectedVersion } from '../internal/expectedVersion';
import { followLog } from '../internal/followLog';
import { frozenJsonCopy } from './frozenJsonCopy';

/**
 * An event store in this process's memory: for tests, demos and property tests. Appends are
 * atomic and O(events appended) (each stream and the global log are arrays that only grow, so
 * nothing is copied per append); global positions are 1, 2, 3, … in append order; followers are
 * woken by each append, without polling. Stored events are deep-frozen JSON copies made once, at
 * append, and handed to every reader as they are (no copy per read), so neither the writer nor a
 * reader can change what another reader sees. Nothing survives the process.
 */
export const createInMemoryEventStore = (): EventStore => {
  const streams = new Map<StreamId, RecordedEvent[]>();
  const log: RecordedEvent[] = [];
  const eventIds = new Set<string>();
  const notifier = new ChangeNotifier();
  let closed = false;

  // Each operation runs to completion without awaiting, so an append is atomic in this process.
  const whenOpen = <A>(run: () => E.Either<StoreError, A>): E.Either<StoreError, A> => (closed ? E.left(storeClosed()) : run());

  const append = (streamId: StreamId, events: ReadonlyArray<NewEvent>, expectedVersion: ExpectedVersion): E.Either<StoreError, AppendResult> => {
    const stream = streams.get(streamId);
    const actual = stream?.length ?? 0;
    if (!satisfiesExpectedVersion(expectedVersion, actual)) return E.left(wrongExpectedVersion(streamId, expectedVersion, actual));
    const repeated = firstRepeatedEventId(events) ?? events.find((event) => eventIds.has(event.metadata.eventId))?.metadata.eventId;
    if (repeated !== undefined) return E.left(duplicateEvent(streamId, repeated));
    // Copy everything first: a value JSON cannot hold throws here, before anything is written.
    const recorded = events.map(
      (event, index): RecordedEvent =>
        Object.freeze({
          streamId,
          version: actual + index + 1,
          globalPosition: log.length + index + 1,
          type: event.type,
          data: frozenJsonCopy(event.data, `the data of event ${index}`),
          metadata: frozenJsonCopy<EventMetadata>(event.metadata, `the metadata of event ${index}`),
        }),
    );
    if (recorded.length === 0) {
      return E.right({ nextExpectedVersion: actual, lastGlobalPosition: stream?.[actual - 1]?.globalPosition ?? 0 });
    }
    const target = stream ?? [];
    if (stream === undefined) streams.set(streamId, target);
    for (const event of recorded) {
      target.push(event);
      log.push(event);
      eventIds.add(event.metadata.eventId);
    }
    notifier.notify();
    return E.right({ nextExpectedVersion: target.length, lastGlobalPosition: log.length });
  };

  const readPage = (after: number, maxCount: number): E.Either<StoreError, ReadonlyArray<RecordedEvent>> =>
    E.right(log.slice(after, after + maxCount));

  return {
    appendToStream: async (streamId, events, options) => {
      checkAppendArguments(streamId, events, options);
      return whenOpen(() => append(streamId, events, options.expectedVersion));
    },
    readStream: async (streamId, options) => {
      const { fromVersion, maxCount } = resolveReadStreamOptions(streamId, options);
      return whenOpen(() => E.right((streams.get(streamId) ?? []).slice(fromVersion - 1, fromVersion - 1 + maxCount)));
    },
    readAll: async (options) => {
      const { after, maxCount } = resolveReadAllOptions(options);
      return whenOpen(() => readPage(after, maxCount));
    },
    followAll: (options) =>
      followLog(
        {
          readPage: async (after, maxCount) => whenOpen(() => readPage(after, maxCount)),
          notifier,
          isClosed: () => closed,
          pollIntervalMs: undefined,
        },
        resolveFollowOptions(options),
      ),
    close: async () => {
      closed = true;
      notifier.close();
    },
  };
};
