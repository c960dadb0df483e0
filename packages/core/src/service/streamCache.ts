import type { StreamId } from '../eventStore/eventStore';
import type { DisputeStream } from './disputeStream';

/** The default number of dispute streams one service keeps decoded (`DisputeServiceOptions.cacheSize`). */
export const DEFAULT_STREAM_CACHE_SIZE = 1_000;

/**
 * A bounded, least-recently-used cache of decoded dispute streams, one per service instance. It is
 * only a starting point for the next read: the service still reads every event after the cached
 * version and appends with the expected version, so a stale entry costs a retry, never a wrong write.
 */
export interface StreamCache {
  /** The entry of a stream (and marks it as the most recently used), or `undefined`. */
  get(streamId: StreamId): DisputeStream | undefined;
  /** Keeps `stream` unless the entry already holds a later version; evicts the least recently used beyond the bound. */
  set(stream: DisputeStream): void;
  /** Forgets a stream (after an error, so that the next read is a full one). */
  delete(streamId: StreamId): void;
  /** How many streams are cached now. */
  readonly size: number;
}

/** Creates a `StreamCache` holding at most `capacity` streams; 0 disables it (nothing is ever kept). */
export const createStreamCache = (capacity: number): StreamCache => {
  if (!Number.isSafeInteger(capacity) || capacity < 0) {
    throw new RangeError(`createStreamCache(): capacity must be a safe integer ≥ 0, got ${String(capacity)}`);
  }
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const entries = new Map<StreamId, DisputeStream>();
  return {
    get: (streamId) => {
      const entry = entries.get(streamId);
      if (entry === undefined) return undefined;
      entries.delete(streamId);
      entries.set(streamId, entry);
      return entry;
    },
    set: (stream) => {
      if (capacity === 0 || stream.version === 0) return;
      const current = entries.get(stream.streamId);
      const kept = current !== undefined && current.version > stream.version ? current : stream;
      entries.delete(stream.streamId);
      entries.set(stream.streamId, kept);
      if (entries.size > capacity) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
    },
    delete: (streamId) => {
      entries.delete(streamId);
    },
    get size() {
      return entries.size;
    },
  };
};
