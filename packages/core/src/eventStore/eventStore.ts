import type * as E from 'fp-ts/lib/Either.js';

/** A stream's name. Dispute streams are `dispute-{disputeId}`. */
export type StreamId = string;

/**
 * What the writer believes about the stream before appending:
 * - a number `n`: the stream holds exactly `n` events (0 is the same as `'no_stream'`);
 * - `'no_stream'`: the stream does not exist yet;
 * - `'stream_exists'`: the stream holds at least one event;
 * - `'any'`: no check (never used by the dispute service).
 */
export type ExpectedVersion = number | 'no_stream' | 'stream_exists' | 'any';

/** Metadata stored with every event. */
export interface EventMetadata {
  /** Deterministic id: uuid v5 of the command id and the event's index in the command's output. */
  readonly eventId: string;
  /** The command that produced the event. */
  readonly commandId: string;
  /** When the store recorded it (ISO-8601, from the service's clock, not the domain's). */
  readonly recordedAt: string;
  /** Version of the event's schema; 1 for every event today. */
  readonly schemaVersion: number;
  /** Further metadata (for example a hash chain), stored and returned as is. */
  readonly [key: string]: unknown;
}

/** An event to append: its type, its JSON data and its metadata. */
export interface NewEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

/** An event as stored. */
export interface RecordedEvent extends NewEvent {
  readonly streamId: StreamId;
  /** 1-based position in its stream: the first event is version 1. */
  readonly version: number;
  /** Position in the store's global log; increasing in the order followers see events. */
  readonly globalPosition: number;
}

/** The outcome of a successful append. */
export interface AppendResult {
  /** The stream's version after the append (its event count). */
  readonly nextExpectedVersion: number;
  /** Global position of the last appended event. */
  readonly lastGlobalPosition: number;
}

/** The stream was not at the expected version: someone else appended first. */
export interface WrongExpectedVersion {
  readonly _tag: 'WrongExpectedVersion';
  readonly streamId: StreamId;
  readonly expected: ExpectedVersion;
  /** The stream's actual version (0 when it does not exist). */
  readonly actual: number;
  readonly message: string;
}

/** An event id is already stored: the same command's events were appended before. */
export interface DuplicateEvent {
  readonly _tag: 'DuplicateEvent';
  readonly streamId: StreamId;
  readonly eventId: string;
  readonly message: string;
}

/** The store could not be reached or failed; the operation may be retried later. */
export interface StoreUnavailable {
  readonly _tag: 'StoreUnavailable';
  readonly message: string;
  /** The driver's own message, for logs. */
  readonly cause?: string;
}

/** A stored event could not be decoded; names where it is. */
export interface CorruptEvent {
  readonly _tag: 'CorruptEvent';
  readonly streamId: StreamId;
  readonly version: number;
  readonly globalPosition?: number;
  readonly message: string;
}

/**
 * The stream was deleted on the server (an EventStoreDB/KurrentDB tombstone or soft delete). It is
 * permanent: retrying will not help, and the stream id is not reused.
 */
export interface StreamDeleted {
  readonly _tag: 'StreamDeleted';
  readonly streamId: StreamId;
  readonly message: string;
}

/**
 * The server refused the operation for good: access denied, or an append larger than the server's
 * limit. Unlike `StoreUnavailable`, retrying the same operation will not help.
 */
export interface StoreRefused {
  readonly _tag: 'StoreRefused';
  readonly reason: 'access-denied' | 'append-too-large';
  readonly message: string;
  /** The driver's own message, for logs. */
  readonly cause?: string;
}

/** The store was closed; no more operations are possible. */
export interface StoreClosed {
  readonly _tag: 'StoreClosed';
  readonly message: string;
}

/** Everything a store operation can fail with: typed values, never a driver's raw exception. */
export type StoreError = WrongExpectedVersion | DuplicateEvent | StoreUnavailable | CorruptEvent | StoreClosed | StreamDeleted | StoreRefused;

/** One stream's part of `appendToStreams`: its events and the version the writer expects it at. */
export interface StreamAppend {
  readonly streamId: StreamId;
  /** At least one event. */
  readonly events: ReadonlyArray<NewEvent>;
  readonly expectedVersion: ExpectedVersion;
}

/** Options of `readStream`. */
export interface ReadStreamOptions {
  /** First version to return (1-based, default 1). */
  readonly fromVersion?: number;
  /** Most events to return (default: all). */
  readonly maxCount?: number;
}

/** Options of `readAll`. */
export interface ReadAllOptions {
  /** Return events strictly after this global position (default: from the start). */
  readonly after?: number;
  /** Most events to return (default 1,000). */
  readonly maxCount?: number;
}

/** Options of `followAll`. */
export interface FollowAllOptions {
  /** Start strictly after this global position (default: from the start). */
  readonly after?: number;
  /** Stops the follower; the iteration ends after the event in hand. */
  readonly signal?: AbortSignal;
  /** How often to look for new events when the store cannot notify (default 100 ms). */
  readonly pollIntervalMs?: number;
  /** Events fetched per read (default 1,000). */
  readonly batchSize?: number;
}

/**
 * The event store port: append with optimistic concurrency, read a stream, read and follow the
 * global log. Every adapter (memory, SQLite, PostgreSQL, EventStoreDB) implements it and passes the
 * same contract suite. Operations return `Either`; they reject only on programmer errors.
 */
export interface EventStore {
  /** Appends events atomically (all or none) if the stream is at `expectedVersion`. */
  appendToStream(
    streamId: StreamId,
    events: ReadonlyArray<NewEvent>,
    options: { readonly expectedVersion: ExpectedVersion },
  ): Promise<E.Either<StoreError, AppendResult>>;
  /**
   * Optional: appends to several distinct streams in one transaction, all of them or none. Each part
   * is checked against its own expected version; a mismatch is a `WrongExpectedVersion` naming that
   * stream, a stored event id a `DuplicateEvent`, and then nothing at all is written. Global
   * positions follow the order of the parts. The results are in the order of `appends`. Stores that
   * cannot write several streams atomically (EventStoreDB) leave it out, and the dispute service then
   * writes one stream at a time with its repair protocol (see the order guard).
   */
  appendToStreams?(appends: ReadonlyArray<StreamAppend>): Promise<E.Either<StoreError, ReadonlyArray<AppendResult>>>;
  /** Reads a stream in version order; a missing stream reads as empty. */
  readStream(streamId: StreamId, options?: ReadStreamOptions): Promise<E.Either<StoreError, ReadonlyArray<RecordedEvent>>>;
  /**
   * Reads the global log in order, never skipping an event that commits late. An event may show
   * here a moment after its append returned (PostgreSQL waits until older transactions end), but
   * never out of order: resuming from the last position seen is always safe.
   */
  readAll(options?: ReadAllOptions): Promise<E.Either<StoreError, ReadonlyArray<RecordedEvent>>>;
  /**
   * Follows the global log: first every stored event after `after` (catch-up), then new ones as
   * they commit (live), until `signal` aborts or the consumer stops iterating. A store error ends the
   * iteration by throwing a `StoreFollowError` carrying the `StoreError`.
   */
  followAll(options?: FollowAllOptions): AsyncIterable<RecordedEvent>;
  /** Releases connections. Further calls return `StoreClosed`. */
  close(): Promise<void>;
}

/** Thrown out of `followAll`'s iteration when the store fails; carries the typed error. */
export class StoreFollowError extends Error {
  constructor(readonly error: StoreError) {
    super(error.message);
    this.name = 'StoreFollowError';
  }
}

export { disputeStreamId } from './streamIds';
