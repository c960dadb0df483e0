import * as E from 'fp-ts/lib/Either.js';
import { DisputeId } from '../codecs/ids';
import { issuesFromErrors, validationError } from '../codecs/validationError';
import type { DisputeCommand } from '../dispute/commands';
import { decide as defaultDecide, type Decision } from '../dispute/decide';
import { replay } from '../dispute/decider';
import type { DisputeEvent } from '../dispute/events';
import { parseCommand } from '../dispute/parse';
import { isOpened, type DisputeState } from '../dispute/state';
import { disputeStreamId, type AppendResult, type DuplicateEvent, type EventStore, type StoreError, type StreamAppend } from '../eventStore/eventStore';
import { nowInstant, systemClock, type Clock } from '../clock/clock';
import { readDisputeStream, type DisputeStream } from './disputeStream';
import { concurrencyConflict, type HandleError } from './handleError';
import { toNewEvents } from './newDisputeEvents';
import { chainNewEvents, headHashOf } from '../audit/eventHash';
import { prepareRelease, releaseClosedDispute, reserveOpening } from './orderGuard';
import type { RecordedDisputeEvent } from './recordedDisputeEvent';
import { pause, type ServiceContext } from './serviceContext';
import type { ServiceObservation } from './serviceObservation';
import { createStreamCache, DEFAULT_STREAM_CACHE_SIZE } from './streamCache';

/** Options of `createDisputeService`. */
export interface DisputeServiceOptions {
  /** Where the events live. */
  readonly store: EventStore;
  /** Source of `metadata.recordedAt` (default: the wall clock). The domain itself never reads a clock. */
  readonly clock?: Clock;
  /** How many times a command is re-read and re-decided after a version conflict before `ConcurrencyConflict` (default 5). */
  readonly maxRetries?: number;
  /** The decision function (default: `decide`; for example `makeDecide({ calendar })`). Must be pure. */
  readonly decide?: (command: DisputeCommand, state: DisputeState) => Decision;
  /** Milliseconds to wait before retry number `attempt` (default: a small random jitter growing with the attempt). */
  readonly backoff?: (attempt: number) => number;
  /** Told about conflicts, completed openings and deferred releases, for logs and metrics. */
  readonly observe?: (observation: ServiceObservation) => void;
  /**
   * How many dispute streams this service keeps decoded, least recently used evicted first (default
   * 1,000; 0 disables the cache). A command then reads and decodes only the events stored after the
   * cached version; correctness does not depend on it (see docs/service.md).
   */
  readonly cacheSize?: number;
}

/** What a handled command did: its stored events, the dispute's state and version after them. */
export interface HandleResult {
  /** The command's events as stored (none when the decision emitted nothing). */
  readonly events: ReadonlyArray<RecordedDisputeEvent>;
  /** The dispute's state after the command (after the latest event, for a repeated command). */
  readonly state: DisputeState;
  /** The stream's version after the command. */
  readonly version: number;
  /** True when the command's `commandId` had already been applied: the first result, nothing appended. */
  readonly alreadyApplied: boolean;
}

/** A dispute as read from the store. */
export interface LoadResult {
  readonly state: DisputeState;
  /** The stream's version (0 when the dispute does not exist). */
  readonly version: number;
  readonly events: ReadonlyArray<RecordedDisputeEvent>;
}

/** The application service of the Dispute aggregate: turns commands into stored events safely. */
export interface DisputeService {
  /**
   * Parses the command, reads the dispute, decides, and appends with the version read; on a version
   * conflict re-reads and re-decides (bounded). A `commandId` already applied returns the first
   * result and appends nothing. `OpenDispute` goes through the per-order guard first. Never rejects.
   */
  handle(command: unknown): Promise<E.Either<HandleError, HandleResult>>;
  /** Reads and folds one dispute. A stored event that does not decode is a `CorruptEvent`. Never rejects. */
  load(disputeId: string): Promise<E.Either<HandleError, LoadResult>>;
}

/** The default backoff: a random wait of up to 2^attempt ms, capped at 50 ms. */
const jitter = (attempt: number): number => Math.floor(Math.random() * Math.min(50, 2 ** attempt));

/** The stored events of one command in a decoded stream. */
const eventsOf = (stream: DisputeStream, commandId: string): ReadonlyArray<RecordedDisputeEvent> =>
  stream.records.filter((record) => record.event.data.commandId === commandId);

/**
 * Creates the dispute service over an event store. Stream ids are `dispute-{disputeId}`; stored
 * events carry `{ eventId, commandId, recordedAt, schemaVersion: 1 }` with deterministic event ids;
 * each order has a guard stream `order-{orderId}` (see `reserveOpening`). Invalid options are a
 * programmer error and throw.
 */
export const createDisputeService = (options: DisputeServiceOptions): DisputeService => {
  const maxRetries = options.maxRetries ?? 5;
  if (!Number.isSafeInteger(maxRetries) || maxRetries < 0) {
    throw new RangeError(`createDisputeService(): maxRetries must be a safe integer ≥ 0, got ${String(options.maxRetries)}`);
  }
  const cacheSize = options.cacheSize ?? DEFAULT_STREAM_CACHE_SIZE;
  if (!Number.isSafeInteger(cacheSize) || cacheSize < 0) {
    throw new RangeError(`createDisputeService(): cacheSize must be a safe integer ≥ 0, got ${String(options.cacheSize)}`);
  }
  const cache = createStreamCache(cacheSize);
  const decide = options.decide ?? defaultDecide;
  const observe = options.observe;
  const ctx: ServiceContext = {
    store: options.store,
    clock: options.clock ?? systemClock,
    maxRetries,
    backoff: options.backoff ?? jitter,
    observe: (observation) => {
      try {
        observe?.(observation);
      } catch {
        // an observer's failure must not change what a command does
      }
    },
  };

  /** After a command closed a dispute: record the release in the order's guard (best effort, repaired lazily). */
  const releaseAfter = async (stream: DisputeStream, commandId: string): Promise<void> => {
    const state = stream.state;
    if (!isOpened(state) || state.status !== 'CLOSED') return;
    const released = await releaseClosedDispute(ctx, stream, commandId);
    if (E.isLeft(released)) ctx.observe({ _tag: 'ReleaseDeferred', orderId: state.orderId, disputeId: state.disputeId, error: released.left });
  };

  /** The first result of a command already applied, from a stream holding its events with their positions. */
  const replayResult = async (stream: DisputeStream, commandId: string): Promise<E.Either<HandleError, HandleResult>> => {
    const events = eventsOf(stream, commandId);
    // A crash between the command's DisputeClosed and the guard's release is repaired here.
    if (events.some((record) => record.event.type === 'DisputeClosed')) await releaseAfter(stream, commandId);
    return E.right({ events, state: stream.state, version: stream.version, alreadyApplied: true });
  };

  /** Reads and decodes a whole dispute stream; the cache keeps the result (and forgets the stream on an error). */
  const readDispute = async (disputeId: string): Promise<E.Either<HandleError, DisputeStream>> => {
    const read = await readDisputeStream(ctx.store, disputeId);
    if (E.isLeft(read)) cache.delete(disputeStreamId(disputeId));
    else cache.set(read.right);
    return read;
  };

  const handleCommand = async (command: DisputeCommand): Promise<E.Either<HandleError, HandleResult>> => {
    const streamId = disputeStreamId(command.disputeId);
    let duplicate: DuplicateEvent | undefined;
    // The first pass decides on the cached stream without reading it; a stale entry then fails the
    // append with a version conflict, which costs one free re-read (no backoff, no retry counted).
    let trustCache = true;
    for (let attempt = 0; ; ) {
      const cached = trustCache ? cache.get(streamId) : undefined;
      const fromCache = cached !== undefined;
      trustCache = false;
      const read = fromCache ? E.right(cached) : await readDispute(command.disputeId);
      if (E.isLeft(read)) return read;
      const stream = read.right;
      const { state, version } = stream;
      if (isOpened(state) && state.seen.commandIds.has(command.commandId)) {
        // Events this service appended lack their global positions, and a repeat is answered as stored: read them.
        if (fromCache && eventsOf(stream, command.commandId).some((record) => record.globalPosition === undefined)) {
          cache.delete(streamId);
          continue;
        }
        return replayResult(stream, command.commandId);
      }
      // The store said these event ids exist, yet not in this stream: the command id was used for another dispute.
      if (duplicate !== undefined) return E.left(duplicate);

      const decision = decide(command, state);
      if (E.isLeft(decision)) return decision;
      let events: ReadonlyArray<DisputeEvent> = decision.right;
      if (events.length === 0) return E.right({ events: [], state, version, alreadyApplied: false });
      let recordedAt = nowInstant(ctx.clock);
      const after = replay(events, state);
      const appendMany = ctx.store.appendToStreams?.bind(ctx.store);
      // Every stored event is chained to the one before it in its stream (tamper evidence, see docs/audits.md).
      const chained = (decided: ReadonlyArray<DisputeEvent>, at: string) =>
        chainNewEvents({ streamId, version, hash: headHashOf(stream.records[stream.records.length - 1]) }, toNewEvents(decided, command.commandId, at));
      let newEvents = chained(events, recordedAt);
      let appended: E.Either<StoreError, AppendResult> | undefined;
      // The guard's release, to append in the same transaction as a closing command's events.
      let release: StreamAppend | undefined;
      let releaseLater = state.status !== 'CLOSED' && isOpened(after) && after.status === 'CLOSED';

      const opened = events.find((event) => event.type === 'DisputeOpened');
      if (opened?.type === 'DisputeOpened') {
        const reserved = await reserveOpening(ctx, {
          orderId: opened.data.order.orderId,
          disputeId: command.disputeId,
          commandId: command.commandId,
          order: opened.data.order,
          policy: opened.data.policy,
          openedAt: opened.data.at,
          events,
          recordedAt,
          ...(appendMany === undefined || version !== 0 ? {} : { together: { streamId, events: newEvents, expectedVersion: 'no_stream' as const } }),
        });
        if (E.isLeft(reserved)) return reserved;
        if (reserved.right.kind === 'RESTART') {
          cache.delete(streamId);
          if (attempt >= ctx.maxRetries) return E.left(concurrencyConflict(streamId, ctx.maxRetries));
          attempt++;
          continue;
        }
        if (reserved.right.written !== undefined) {
          appended = E.right(reserved.right.written);
        } else {
          // The reservation is the commit point: append exactly what it holds.
          events = reserved.right.reservation.events;
          recordedAt = reserved.right.reservation.reservedAt;
          newEvents = chained(events, recordedAt);
        }
      } else if (releaseLater && appendMany !== undefined) {
        const prepared = await prepareRelease(ctx, { records: stream.records, state: after }, command.commandId);
        // A guard that cannot be read does not stop the command: its release is then deferred, as without appendToStreams.
        if (E.isRight(prepared)) {
          release = prepared.right;
          releaseLater = false;
        }
      }

      if (appended === undefined) {
        const disputePart: StreamAppend = { streamId, events: newEvents, expectedVersion: version === 0 ? 'no_stream' : version };
        if (release !== undefined && appendMany !== undefined) {
          const both = await appendMany([disputePart, release]);
          appended = E.map((results: ReadonlyArray<AppendResult>) => results[0]!)(both);
        } else {
          appended = await ctx.store.appendToStream(streamId, disputePart.events, { expectedVersion: disputePart.expectedVersion });
        }
      }
      if (E.isRight(appended)) {
        const records: RecordedDisputeEvent[] = events.map((event, index) => ({
          streamId,
          version: version + index + 1,
          metadata: newEvents[index]!.metadata,
          event,
        }));
        const stored: DisputeStream = {
          streamId,
          records: [...stream.records, ...records],
          state: events === decision.right ? after : replay(events, state),
          version: appended.right.nextExpectedVersion,
        };
        // Exactly what was appended (with its chain metadata): the next command starts from here.
        cache.set(stored);
        if (releaseLater) await releaseAfter(stored, command.commandId);
        return E.right({ events: records, state: stored.state, version: stored.version, alreadyApplied: false });
      }
      const error = appended.left;
      // Whatever went wrong, the next read starts from scratch (the append may even have happened).
      cache.delete(streamId);
      if (error._tag !== 'WrongExpectedVersion' && error._tag !== 'DuplicateEvent') return E.left(error);
      if (error._tag === 'DuplicateEvent') duplicate = error;
      // A conflict on a stream decided from the cache without reading it: read it and decide again, at no cost.
      if (fromCache && error._tag === 'WrongExpectedVersion' && error.streamId === streamId) {
        ctx.observe({ _tag: 'StaleCache', streamId, error });
        continue;
      }
      // A duplicate is always settled by one more read: the command's events are there, or its id was reused.
      const willRetry = error._tag === 'DuplicateEvent' || attempt < ctx.maxRetries;
      ctx.observe({ _tag: 'Conflict', streamId: error.streamId, attempt: attempt + 1, error, willRetry });
      if (!willRetry) return E.left(concurrencyConflict(streamId, ctx.maxRetries));
      if (error._tag === 'WrongExpectedVersion') await pause(ctx.backoff(attempt + 1));
      attempt++;
    }
  };

  return {
    handle: async (input) => {
      const command = parseCommand(input);
      return E.isLeft(command) ? command : handleCommand(command.right);
    },
    load: async (disputeId) => {
      const id = DisputeId.decode(disputeId);
      if (E.isLeft(id)) return E.left(validationError('dispute id', issuesFromErrors(id.left)));
      // A full read (its events carry their global positions), which also refreshes the cache.
      const read = await readDispute(id.right);
      return E.isLeft(read) ? read : E.right({ state: read.right.state, version: read.right.version, events: read.right.records });
    },
  };
};
