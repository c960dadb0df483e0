import * as E from 'fp-ts/lib/Either.js';
import {
  duplicateEvent,
  markFrozenRecord,
  storeClosed,
  wrongExpectedVersion,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
  type StoreError,
  type StreamAppend,
  type StreamId,
} from '@disputekit/core';
import { checkAppendArguments, checkMultiAppendArguments, firstRepeatedEventIdAcross, resolveFollowOptions, resolveReadAllOptions, resolveReadStreamOptions } from '../internal/arguments';
import { ChangeNotifier } from '../internal/changeNotifier';
import { satisfiesExpectedVersion } from '../internal/expectedVersion';
import { followLog } from '../internal/followLog';
import { frozenJsonCopy } from './frozenJsonCopy';

/** What every operation of one in-memory store shares. */
interface MemoryLog {
  readonly streams: Map<StreamId, RecordedEvent[]>;
  readonly log: RecordedEvent[];
  readonly eventIds: Set<string>;
  readonly notifier: ChangeNotifier;
  closed: boolean;
}

// Each operation runs to completion without awaiting, so an append is atomic in this process.
const whenOpen = <A>(memory: MemoryLog, run: () => E.Either<StoreError, A>): E.Either<StoreError, A> => (memory.closed ? E.left(storeClosed()) : run());

/** Copies one part's events into their stored form, without writing anything (a value JSON cannot hold throws here). */
const recordedPart = (streamId: StreamId, events: ReadonlyArray<NewEvent>, firstVersion: number, firstPosition: number): RecordedEvent[] =>
  events.map(
    (event, index): RecordedEvent =>
      // Deep-frozen here and marked so: a reader decodes it once, not at every read.
      markFrozenRecord(
        Object.freeze({
          streamId,
          version: firstVersion + index,
          globalPosition: firstPosition + index,
          type: event.type,
          data: frozenJsonCopy(event.data, `the data of event ${index}`),
          metadata: frozenJsonCopy<EventMetadata>(event.metadata, `the metadata of event ${index}`),
        }),
      ),
  );

/** Writes already-checked, already-copied events of one stream. */
const write = (memory: MemoryLog, streamId: StreamId, recorded: ReadonlyArray<RecordedEvent>): number => {
  let target = memory.streams.get(streamId);
  if (target === undefined) {
    target = [];
    memory.streams.set(streamId, target);
  }
  for (const event of recorded) {
    target.push(event);
    memory.log.push(event);
    memory.eventIds.add(event.metadata.eventId);
  }
  return target.length;
};

/** Why the appends cannot be written (an expected version not met, an event id repeated or already stored), if they cannot. */
const appendRefusal = (memory: MemoryLog, appends: ReadonlyArray<StreamAppend>): StoreError | undefined => {
  for (const part of appends) {
    const actual = memory.streams.get(part.streamId)?.length ?? 0;
    if (!satisfiesExpectedVersion(part.expectedVersion, actual)) return wrongExpectedVersion(part.streamId, part.expectedVersion, actual);
  }
  const repeatedWithin = firstRepeatedEventIdAcross(appends);
  if (repeatedWithin !== undefined) return duplicateEvent(repeatedWithin.streamId, repeatedWithin.eventId);
  for (const part of appends) {
    const stored = part.events.find((event) => memory.eventIds.has(event.metadata.eventId));
    if (stored !== undefined) return duplicateEvent(part.streamId, stored.metadata.eventId);
  }
  return undefined;
};

/** Checks every part, then copies every part, then writes them all: nothing is written unless all of it can be. */
const appendMany = (memory: MemoryLog, appends: ReadonlyArray<StreamAppend>): E.Either<StoreError, ReadonlyArray<AppendResult>> => {
  const refusal = appendRefusal(memory, appends);
  if (refusal !== undefined) return E.left(refusal);
  let position = memory.log.length + 1;
  // Copy everything first: a value JSON cannot hold throws here, before anything is written.
  const copies = appends.map((part) => {
    const recorded = recordedPart(part.streamId, part.events, (memory.streams.get(part.streamId)?.length ?? 0) + 1, position);
    position += recorded.length;
    return recorded;
  });
  const results = appends.map((part, index): AppendResult => {
    const recorded = copies[index]!;
    return { nextExpectedVersion: write(memory, part.streamId, recorded), lastGlobalPosition: recorded[recorded.length - 1]!.globalPosition };
  });
  memory.notifier.notify();
  return E.right(results);
};

/** One stream: `appendMany` of one part, except that an empty append only checks the version. */
const append = (memory: MemoryLog, streamId: StreamId, events: ReadonlyArray<NewEvent>, expectedVersion: ExpectedVersion): E.Either<StoreError, AppendResult> => {
  if (events.length > 0) return E.map((results: ReadonlyArray<AppendResult>) => results[0]!)(appendMany(memory, [{ streamId, events, expectedVersion }]));
  const stream = memory.streams.get(streamId);
  const actual = stream?.length ?? 0;
  if (!satisfiesExpectedVersion(expectedVersion, actual)) return E.left(wrongExpectedVersion(streamId, expectedVersion, actual));
  return E.right({ nextExpectedVersion: actual, lastGlobalPosition: stream?.[actual - 1]?.globalPosition ?? 0 });
};

const readPage = (memory: MemoryLog, after: number, maxCount: number): E.Either<StoreError, ReadonlyArray<RecordedEvent>> =>
  E.right(memory.log.slice(after, after + maxCount));

/**
 * An event store in this process's memory: for tests, demos and property tests. Appends are
 * atomic (to one stream, or to several with `appendToStreams`) and O(events appended) (each stream
 * and the global log are arrays that only grow, so nothing is copied per append); global positions
 * are 1, 2, 3, … in append order; followers are woken by each append, without polling. Stored
 * events are deep-frozen JSON copies made once, at append, and handed to every reader as they are
 * (no copy per read), so neither the writer nor a reader can change what another reader sees; they are
 * marked (`markFrozenRecord`) so that the dispute service decodes each with the codecs once, not at every read. Nothing survives the process.
 */
export const createInMemoryEventStore = (): EventStore => {
  const memory: MemoryLog = { streams: new Map(), log: [], eventIds: new Set(), notifier: new ChangeNotifier(), closed: false };
  return {
    appendToStream: async (streamId, events, options) => {
      checkAppendArguments(streamId, events, options);
      return whenOpen(memory, () => append(memory, streamId, events, options.expectedVersion));
    },
    appendToStreams: async (appends) => {
      checkMultiAppendArguments(appends);
      return whenOpen(memory, () => appendMany(memory, appends));
    },
    readStream: async (streamId, options) => {
      const { fromVersion, maxCount } = resolveReadStreamOptions(streamId, options);
      return whenOpen(memory, () => E.right((memory.streams.get(streamId) ?? []).slice(fromVersion - 1, fromVersion - 1 + maxCount)));
    },
    readAll: async (options) => {
      const { after, maxCount } = resolveReadAllOptions(options);
      return whenOpen(memory, () => readPage(memory, after, maxCount));
    },
    followAll: (options) =>
      followLog(
        {
          readPage: async (after, maxCount) => whenOpen(memory, () => readPage(memory, after, maxCount)),
          notifier: memory.notifier,
          isClosed: () => memory.closed,
          pollIntervalMs: undefined,
        },
        resolveFollowOptions(options),
      ),
    close: async () => {
      memory.closed = true;
      memory.notifier.close();
    },
  };
};
