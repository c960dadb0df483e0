/**
 * The part of an EventStoreDB/KurrentDB client the store uses, described structurally: both
 * `KurrentDBClient` (@kurrent/kurrentdb-client 1.x) and `EventStoreDBClient` (@eventstore/db-client
 * 6.x) satisfy it (see `clientShapes.typecheck.ts`).
 */

/** A position in the database's transaction log. */
export interface EventStoreDbPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** What the server checks before an append: a 0-based revision, or a stream state. */
export type EventStoreDbAppendState = 'no_stream' | 'stream_exists' | 'any' | bigint;

/** The stream-state constants of both clients (they spell them the same way). */
export const NO_STREAM = 'no_stream' as const;
/** The stream must exist (hold at least one event). */
export const STREAM_EXISTS = 'stream_exists' as const;
/** Read from the start of a stream or of `$all`. */
export const START = 'start' as const;
/** Read forwards. */
export const FORWARDS = 'forwards' as const;
/** Filter `$all` on stream names. */
export const STREAM_NAME = 'streamName' as const;

/** An event to append, as the clients' `jsonEvent(...)` builds it. */
export interface EventStoreDbEventData {
  readonly id: string;
  readonly contentType: 'application/json';
  readonly type: string;
  readonly data: Record<string, unknown> | unknown[];
  readonly metadata: Record<string, unknown>;
}

/**
 * Append options. KurrentDB's client reads `streamState`, EventStoreDB's `expectedRevision`; the
 * store sends both with the same concrete value, so each client finds the one it knows.
 */
export interface EventStoreDbAppendOptions {
  readonly streamState: EventStoreDbAppendState;
  readonly expectedRevision: EventStoreDbAppendState;
}

/** The result of an append. */
export interface EventStoreDbAppendResult {
  /** False only on clients made with `throwOnAppendFailure: false`, when the revision did not match. */
  readonly success: boolean;
  /** The stream's last revision (0-based) after the append. */
  readonly nextExpectedRevision: bigint;
  /** Where the append landed in the log (servers newer than 20.6 always send it). */
  readonly position?: EventStoreDbPosition | undefined;
}

/** A stored event as the clients return it. */
export interface EventStoreDbRecordedEvent {
  readonly streamId: string;
  readonly id: string;
  /** 0-based revision in its stream. */
  readonly revision: bigint;
  readonly type: string;
  readonly isJson: boolean;
  /** Parsed JSON; the clients hand over the raw text when it does not parse, and bytes for non-JSON events. */
  readonly data: unknown;
  /** Parsed JSON metadata, or bytes when it does not parse. */
  readonly metadata: unknown;
  readonly position?: EventStoreDbPosition | undefined;
}

/** An event, or a link and the event it points to. */
export interface EventStoreDbResolvedEvent {
  readonly event?: EventStoreDbRecordedEvent | undefined;
  readonly commitPosition?: bigint | undefined;
}

/** A server-side filter of `$all` on stream-name prefixes. */
export interface EventStoreDbFilter {
  readonly filterOn: typeof STREAM_NAME;
  readonly prefixes: string[];
  readonly checkpointInterval: number;
}

/** A catch-up subscription: an async iterable of events that `unsubscribe` ends. */
export interface EventStoreDbSubscription extends AsyncIterable<EventStoreDbResolvedEvent> {
  unsubscribe(): Promise<void>;
}

/** The client methods the store calls. */
export interface EventStoreDbClient {
  appendToStream(streamName: string, events: EventStoreDbEventData[], options: EventStoreDbAppendOptions): Promise<EventStoreDbAppendResult>;
  readStream(streamName: string, options: { fromRevision: bigint; maxCount: number; direction: typeof FORWARDS }): AsyncIterable<EventStoreDbResolvedEvent>;
  readAll(options: {
    fromPosition: typeof START | EventStoreDbPosition;
    maxCount: number;
    direction: typeof FORWARDS;
    /** Sent by KurrentDB's client; EventStoreDB's 6.x client has no such option and reads `$all` unfiltered. */
    filter: EventStoreDbFilter;
  }): AsyncIterable<EventStoreDbResolvedEvent>;
  subscribeToAll(options: { fromPosition: typeof START | EventStoreDbPosition; filter: EventStoreDbFilter }): EventStoreDbSubscription;
  dispose(): Promise<void>;
}
