import * as E from 'fp-ts/lib/Either.js';
import { systemClock, type Clock } from '../clock/clock';
import { DisputeId } from '../codecs/ids';
import { issuesFromErrors, validationError } from '../codecs/validationError';
import type { DisputeCommand } from '../dispute/commands';
import { decide as defaultDecide, type Decision } from '../dispute/decide';
import { parseCommand } from '../dispute/parse';
import type { DisputeState } from '../dispute/state';
import type { EventStore } from '../eventStore/eventStore';
import { readDispute, type DisputeServiceParts } from './internal/commandParts';
import { handleCommand } from './internal/handleCommand';
import type { HandleResult } from './handleResult';
import type { HandleError } from './handleError';
import type { RecordedDisputeEvent } from './recordedDisputeEvent';
import type { ServiceContext } from './internal/serviceContext';
import type { ServiceObservation } from './serviceObservation';
import type { SnapshotOptions } from '../snapshots/snapshotStore';
import { createStreamCache, DEFAULT_STREAM_CACHE_SIZE } from './streamCache';

export type { HandleResult } from './handleResult';

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
  /**
   * Snapshots of long streams (off by default): a command reads a dispute from its snapshot and
   * the events after it, and a snapshot is written each time a stream passes a multiple of `every`
   * events. A snapshot never changes a result: it is checked on every use (see docs/service.md).
   */
  readonly snapshots?: SnapshotOptions;
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

/** A non-negative safe integer option, or a `RangeError` naming it. */
const countOption = (name: string, given: number | undefined, fallback: number): number => {
  const value = given ?? fallback;
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`createDisputeService(): ${name} must be a safe integer ≥ 0, got ${String(given)}`);
  return value;
};

/** The service's context from its options; an observer that throws changes nothing. */
const contextOf = (options: DisputeServiceOptions): ServiceContext => {
  const observe = options.observe;
  return {
    store: options.store,
    clock: options.clock ?? systemClock,
    maxRetries: countOption('maxRetries', options.maxRetries, 5),
    backoff: options.backoff ?? jitter,
    observe: (observation) => {
      try {
        observe?.(observation);
      } catch {
        // an observer's failure must not change what a command does
      }
    },
  };
};

/** Reads and folds one dispute for `load`. */
const loadDispute = async (parts: DisputeServiceParts, disputeId: string): Promise<E.Either<HandleError, LoadResult>> => {
  if (!DisputeId.is(disputeId)) {
    const id = DisputeId.decode(disputeId);
    if (E.isLeft(id)) return E.left(validationError('dispute id', issuesFromErrors(id.left)));
  }
  // A full read (its events carry their global positions), which also refreshes the cache.
  const read = await readDispute(parts, disputeId);
  return E.isLeft(read) ? read : E.right({ state: read.right.state, version: read.right.version, events: read.right.records });
};

/** The snapshot option checked (`every` a safe integer ≥ 1), as a part of `DisputeServiceParts`. */
const snapshotsOption = (snapshots: SnapshotOptions | undefined): { snapshots?: SnapshotOptions } => {
  if (snapshots === undefined) return {};
  if (!Number.isSafeInteger(snapshots.every) || snapshots.every < 1) {
    throw new RangeError(`createDisputeService(): snapshots.every must be a safe integer ≥ 1, got ${String(snapshots.every)}`);
  }
  return { snapshots };
};

/**
 * Creates the dispute service over an event store. Stream ids are `dispute-{disputeId}`; stored
 * events carry `{ eventId, commandId, recordedAt, schemaVersion: 1 }` with deterministic event ids;
 * each order has a guard stream `order-{orderId}` (see `reserveOpening`). Invalid options are a
 * programmer error and throw.
 */
export const createDisputeService = (options: DisputeServiceOptions): DisputeService => {
  const ctx = contextOf(options);
  const cache = createStreamCache(countOption('cacheSize', options.cacheSize, DEFAULT_STREAM_CACHE_SIZE));
  const parts: DisputeServiceParts = { ctx, cache, decide: options.decide ?? defaultDecide, ...snapshotsOption(options.snapshots) };
  return {
    handle: async (input) => {
      const command = parseCommand(input);
      return E.isLeft(command) ? command : handleCommand(parts, command.right);
    },
    load: (disputeId) => loadDispute(parts, disputeId),
  };
};
