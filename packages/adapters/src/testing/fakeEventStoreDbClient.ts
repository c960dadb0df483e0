import type {
  EventStoreDbAppendOptions,
  EventStoreDbAppendResult,
  EventStoreDbAppendState,
  EventStoreDbClient,
  EventStoreDbEventData,
  EventStoreDbFilter,
  EventStoreDbPosition,
  EventStoreDbRecordedEvent,
  EventStoreDbResolvedEvent,
  EventStoreDbSubscription,
} from '../eventstoredb/eventStoreDbClient';

/**
 * Which client the fake imitates. They differ where the store must cope with both: KurrentDB's
 * client reads the expected state from `streamState` and reports `actualState`; EventStoreDB's reads
 * `expectedRevision` and reports `actualVersion`. Each fake reads only its own option (and, like the
 * real client, treats a missing one as `any`), so a store that sends the wrong one fails its tests.
 */
export type FakeEventStoreDbFlavour = 'kurrentdb' | 'eventstoredb';

/** A stored record, as the server keeps it: data and metadata as bytes (JSON text here). */
interface StoredRecord {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  type: string;
  isJson: boolean;
  data: string;
  metadata: string;
  readonly position: EventStoreDbPosition;
}

/** Edits a stored record behind the client's back, as a damaged or foreign writer would. */
export interface FakeRecordEdit {
  readonly type?: string;
  readonly isJson?: boolean;
  /** Raw stored text of the data (need not be JSON). */
  readonly data?: string;
  /** Raw stored text of the metadata (need not be JSON). */
  readonly metadata?: string;
}

/** The fake: the client interface plus hooks for tests. */
export interface FakeEventStoreDbClient extends EventStoreDbClient {
  readonly flavour: FakeEventStoreDbFlavour;
  /** Every append request received, with the expected state the fake read from it. */
  readonly appendRequests: ReadonlyArray<{ readonly streamName: string; readonly expected: EventStoreDbAppendState }>;
  /** Makes the next `count` calls fail as an unreachable server would. */
  failNextCalls(count: number): void;
  /** Runs `hook` once, just before the next append is checked (to stage a concurrent writer). */
  beforeNextAppend(hook: () => Promise<void>): void;
  /** Changes a stored record in place. */
  editRecord(streamName: string, revision: number, edit: FakeRecordEdit): void;
  /** Whether `dispose` was called. */
  readonly disposed: boolean;
}

/** Options of the fake. */
export interface FakeEventStoreDbClientOptions {
  readonly flavour: FakeEventStoreDbFlavour;
  /** The server's largest accepted append, in bytes (default 1 MiB, the server default). */
  readonly maxAppendSize?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const clientError = (type: string, name: string, message: string, fields: Record<string, unknown> = {}): Error =>
  Object.assign(new Error(message), { type, name, ...fields });

/** Parses stored JSON the way the clients do: data falls back to the raw text, metadata to the raw bytes. */
const parseRecord = (record: StoredRecord): EventStoreDbRecordedEvent => {
  let data: unknown = record.data;
  let metadata: unknown;
  if (record.isJson) {
    try {
      data = JSON.parse(record.data) as unknown;
    } catch {
      data = record.data;
    }
  } else data = new Uint8Array(Buffer.from(record.data, 'utf8'));
  try {
    metadata = record.metadata.length === 0 ? undefined : (JSON.parse(record.metadata) as unknown);
  } catch {
    metadata = new Uint8Array(Buffer.from(record.metadata, 'utf8'));
  }
  return { streamId: record.streamId, id: record.id, revision: record.revision, type: record.type, isJson: record.isJson, data, metadata, position: record.position };
};

const resolvedOf = (record: StoredRecord): EventStoreDbResolvedEvent => ({ event: parseRecord(record), commitPosition: record.position.commit });

const matches = (filter: EventStoreDbFilter | undefined, record: StoredRecord): boolean =>
  filter === undefined || filter.prefixes.some((prefix) => record.streamId.startsWith(prefix));

const positionAfter = (record: StoredRecord, from: 'start' | EventStoreDbPosition, inclusive: boolean): boolean =>
  from === 'start' || (inclusive ? record.position.commit >= from.commit : record.position.commit > from.commit);

/**
 * A faithful in-memory fake of an EventStoreDB/KurrentDB client, for tests without a server:
 * 0-based revisions, optimistic concurrency (`no_stream`, `stream_exists`, exact revisions, `any`)
 * with the client's wrong-expected-version error, the server's idempotent appends (re-sending the
 * same event ids at the same expected revision succeeds without writing again), stream-not-found on
 * reading a missing stream, `$all` with sparse commit positions and system events, server-side
 * prefix filters, inclusive `readAll` and exclusive `subscribeToAll` positions, live subscriptions,
 * and the 1 MiB append limit.
 */
export const createFakeEventStoreDbClient = (options: FakeEventStoreDbClientOptions): FakeEventStoreDbClient => {
  const { flavour } = options;
  const maxAppendSize = options.maxAppendSize ?? 1024 * 1024;
  const log: StoredRecord[] = [];
  const streams = new Map<string, StoredRecord[]>();
  const appendRequests: Array<{ streamName: string; expected: EventStoreDbAppendState }> = [];
  const listeners = new Set<() => void>();
  let nextPosition = 1_000n;
  let failures = 0;
  let disposed = false;
  let pendingHook: (() => Promise<void>) | undefined;

  const checkAvailable = (): void => {
    if (disposed) throw clientError('unavailable', 'UnavailableError', 'The client has been disposed');
    if (failures > 0) {
      failures -= 1;
      throw clientError('unavailable', 'UnavailableError', 'Failed to connect to the server (fake outage)');
    }
  };

  const write = (streamId: string, events: ReadonlyArray<{ id: string; type: string; isJson: boolean; data: string; metadata: string }>): StoredRecord[] => {
    const stream = streams.get(streamId) ?? [];
    streams.set(streamId, stream);
    const written = events.map((event) => {
      const record: StoredRecord = { streamId, ...event, revision: BigInt(stream.length), position: { commit: nextPosition, prepare: nextPosition } };
      // Log positions are byte offsets: sparse, increasing.
      nextPosition += BigInt(100 + Buffer.byteLength(event.data) + Buffer.byteLength(event.metadata));
      stream.push(record);
      log.push(record);
      return record;
    });
    for (const wake of [...listeners]) wake();
    return written;
  };

  // A fresh server already holds system events, which a stream-prefix filter must leave out.
  write('$settings', [{ id: '00000000-0000-4000-8000-000000000001', type: '$settings', isJson: true, data: '{}', metadata: '' }]);
  write('$stats-127.0.0.1:2113', [{ id: '00000000-0000-4000-8000-000000000002', type: '$statsCollected', isJson: true, data: '{"proc-cpu":1}', metadata: '' }]);

  const wrongExpectedVersion = (streamName: string, expected: EventStoreDbAppendState, current: bigint | 'no_stream'): Error =>
    clientError(
      'wrong-expected-version',
      'WrongExpectedVersionError',
      `Expected version ${String(expected)} but got ${String(current)} on ${streamName}`,
      flavour === 'kurrentdb' ? { streamName, expectedState: expected, actualState: current } : { streamName, expectedVersion: expected, actualVersion: current },
    );

  /** The server's idempotency: the same ids already written right after the expected revision. */
  const idempotentResult = (stream: ReadonlyArray<StoredRecord>, expected: EventStoreDbAppendState, ids: ReadonlyArray<string>): EventStoreDbAppendResult | undefined => {
    const find = (start: number): EventStoreDbAppendResult | undefined => {
      const slice = stream.slice(start, start + ids.length);
      if (slice.length !== ids.length || !slice.every((record, i) => record.id === ids[i])) return undefined;
      const last = slice[slice.length - 1]!;
      return { success: true, nextExpectedRevision: last.revision, position: last.position };
    };
    if (typeof expected === 'bigint') return find(Number(expected) + 1);
    if (expected === 'no_stream') return find(0);
    if (expected === 'any' && ids[0] !== undefined) {
      const start = stream.findIndex((record) => record.id === ids[0]);
      return start === -1 ? undefined : find(start);
    }
    return undefined;
  };

  const fake: FakeEventStoreDbClient = {
    flavour,
    appendRequests,
    get disposed() {
      return disposed;
    },
    failNextCalls: (count) => {
      failures = count;
    },
    beforeNextAppend: (hook) => {
      pendingHook = hook;
    },
    editRecord: (streamName, revision, edit) => {
      const record = streams.get(streamName)?.[revision];
      if (record === undefined) throw new Error(`No record ${streamName}@${revision}`);
      Object.assign(record, edit);
    },

    appendToStream: async (streamName: string, eventOrEvents: EventStoreDbEventData[] | EventStoreDbEventData, appendOptions?: Partial<EventStoreDbAppendOptions>) => {
      const events = Array.isArray(eventOrEvents) ? eventOrEvents : [eventOrEvents];
      const expected = (flavour === 'kurrentdb' ? appendOptions?.streamState : appendOptions?.expectedRevision) ?? 'any';
      appendRequests.push({ streamName, expected });
      const hook = pendingHook;
      pendingHook = undefined;
      if (hook !== undefined) await hook();
      checkAvailable();
      for (const event of events) {
        if (!UUID.test(event.id)) throw clientError('invalid-argument', 'InvalidArgumentError', `Invalid UUID ${event.id}`);
      }
      const encoded = events.map((event) => ({
        id: event.id.toLowerCase(),
        type: event.type,
        isJson: event.contentType === 'application/json',
        data: JSON.stringify(event.data),
        metadata: event.metadata === undefined ? '' : JSON.stringify(event.metadata),
      }));
      const size = encoded.reduce((sum, event) => sum + Buffer.byteLength(event.data) + Buffer.byteLength(event.metadata), 0);
      if (size > maxAppendSize) throw clientError('maximum-append-size-exceeded', 'MaxAppendSizeExceededError', `Append of ${size} bytes exceeds ${maxAppendSize}`);
      const stream = streams.get(streamName) ?? [];
      const current: bigint | 'no_stream' = stream.length === 0 ? 'no_stream' : BigInt(stream.length - 1);
      const idempotent = idempotentResult(stream, expected, encoded.map((event) => event.id));
      if (idempotent !== undefined) return idempotent;
      const accepted =
        expected === 'any' ||
        (expected === 'no_stream' && current === 'no_stream') ||
        (expected === 'stream_exists' && current !== 'no_stream') ||
        (typeof expected === 'bigint' && current === expected);
      if (!accepted) throw wrongExpectedVersion(streamName, expected, current);
      const written = write(streamName, encoded);
      const last = written[written.length - 1];
      return { success: true, nextExpectedRevision: last?.revision ?? (current === 'no_stream' ? -1n : current), position: last?.position };
    },

    readStream: (streamName, readOptions) =>
      (async function* () {
        checkAvailable();
        const stream = streams.get(streamName);
        if (stream === undefined) throw clientError('stream-not-found', 'StreamNotFoundError', `${streamName} not found`, { streamName });
        const from = Number(readOptions?.fromRevision ?? 0n);
        const snapshot = stream.slice(from, from + Number(readOptions?.maxCount ?? Number.MAX_SAFE_INTEGER));
        for (const record of snapshot) yield resolvedOf(record);
      })(),

    readAll: (readOptions) =>
      (async function* () {
        checkAvailable();
        const from = readOptions?.fromPosition ?? 'start';
        let left = Number(readOptions?.maxCount ?? Number.MAX_SAFE_INTEGER);
        for (const record of log.slice()) {
          if (left <= 0) return;
          if (!positionAfter(record, from, true) || !matches(readOptions?.filter, record)) continue;
          left -= 1;
          yield resolvedOf(record);
        }
      })(),

    subscribeToAll: (subscribeOptions) => {
      checkAvailable();
      const from = subscribeOptions?.fromPosition ?? 'start';
      let delivered = 0;
      let ended = false;
      let wake: (() => void) | undefined;
      const listener = (): void => wake?.();
      listeners.add(listener);
      const end = (): void => {
        ended = true;
        listeners.delete(listener);
        wake?.();
      };
      const iterator = (async function* () {
        try {
          for (;;) {
            while (delivered < log.length) {
              const record = log[delivered]!;
              delivered += 1;
              if (ended) return;
              if (positionAfter(record, from, false) && matches(subscribeOptions?.filter, record)) yield resolvedOf(record);
            }
            if (ended || disposed) return;
            await new Promise<void>((resolve) => (wake = resolve));
            wake = undefined;
          }
        } finally {
          end();
        }
      })();
      const subscription: EventStoreDbSubscription = {
        [Symbol.asyncIterator]: () => iterator,
        unsubscribe: async () => end(),
      };
      return subscription;
    },

    dispose: async () => {
      disposed = true;
      for (const wake of [...listeners]) wake();
    },
  };
  return fake;
};
