import {
  duplicateEvent,
  streamDeleted,
  wrongExpectedVersion,
  type AppendResult,
  type ExpectedVersion,
  type NewEvent,
  type StreamId,
} from '@disputekit/core';
import { firstRepeatedEventId } from '../internal/arguments';
import { satisfiesExpectedVersion } from '../internal/expectedVersion';
import { NO_STREAM, STREAM_EXISTS, type EventStoreDbAppendState, type EventStoreDbClient } from './eventStoreDbClient';
import { errorType, isOutcomeUnknown, wrongVersionActual } from './eventStoreDbErrors';
import { APPEND_ID_KEY, appendIdOf } from './eventStoreDbEvent';
import { readRaw } from './eventStoreDbReads';
import { Rejected } from './eventStoreDbStore';

/** How often an append with `'any'` retries after another writer got in between its read and its write. */
const RACE_RETRIES = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the store must know about a stream before appending: its version, its events' ids, its last position. */
interface StreamSummary {
  readonly version: number;
  readonly eventIds: ReadonlyArray<string>;
  readonly lastPosition: number;
}

/** Checks what EventStoreDB needs beyond the port: UUID event ids and JSON object or array data. */
export const checkEventStoreDbEvents = (events: ReadonlyArray<NewEvent>): void => {
  events.forEach((event, index) => {
    if (!UUID.test(event.metadata.eventId)) throw new TypeError(`appendToStream: EventStoreDB needs UUID event ids; event ${index} has ${JSON.stringify(event.metadata.eventId)}`);
    if (typeof event.data !== 'object' || event.data === null) throw new TypeError(`appendToStream: EventStoreDB stores JSON objects or arrays; the data of event ${index} is ${typeof event.data}`);
  });
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

/** The stream's version, event ids and last position, read in full. */
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

/**
 * Appends after checking the stream's version and event ids; with `'any'`, retries (up to
 * `RACE_RETRIES`) when another writer appended between the read and the write.
 */
export const appendEvents = async (db: EventStoreDbClient, streamId: StreamId, events: ReadonlyArray<NewEvent>, expected: ExpectedVersion): Promise<AppendResult> => {
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

