import type { EventStore } from '@disputekit/core';

/** Makes a store for one test; each test closes the store it was given. */
export type EventStoreFactory = () => EventStore | Promise<EventStore>;

/** What a store under test can and cannot promise, and how patient the suite should be. */
export interface ContractSuiteOptions {
  /**
   * Whether an event id stored in one stream is refused in every other stream too (default true).
   * EventStoreDB only guarantees it within a stream, so its suite sets this to false.
   */
  readonly uniqueEventIdsAcrossStreams?: boolean;
  /**
   * Whether the store offers `appendToStreams` (default true). EventStoreDB cannot write several
   * streams in one transaction, so its suite sets this to false and the suite checks it is absent.
   */
  readonly hasMultiStreamAppend?: boolean;
  /** Timeout of the heavy tests (10,000 events, 1 MB payloads), in ms (default 120,000). */
  readonly slowTestTimeoutMs?: number;
  /** How long to wait for an event to show in `readAll` or a follower, in ms (default 10,000). */
  readonly visibilityTimeoutMs?: number;
  /** Poll interval given to `followAll` (default 20 ms). */
  readonly followPollIntervalMs?: number;
}

/** The factory and the options with defaults filled in, as every part of the suite sees them. */
export interface ContractContext {
  readonly factory: EventStoreFactory;
  readonly uniqueEventIdsAcrossStreams: boolean;
  readonly hasMultiStreamAppend: boolean;
  readonly slowTestTimeoutMs: number;
  readonly visibilityTimeoutMs: number;
  readonly followPollIntervalMs: number;
}

/** Fills in the defaults of the suite's options. */
export const contractContext = (factory: EventStoreFactory, options: ContractSuiteOptions = {}): ContractContext => ({
  factory,
  uniqueEventIdsAcrossStreams: options.uniqueEventIdsAcrossStreams ?? true,
  hasMultiStreamAppend: options.hasMultiStreamAppend ?? true,
  slowTestTimeoutMs: options.slowTestTimeoutMs ?? 120_000,
  visibilityTimeoutMs: options.visibilityTimeoutMs ?? 10_000,
  followPollIntervalMs: options.followPollIntervalMs ?? 20,
});

/** Runs `body` with a fresh store from the factory and closes it afterwards, whatever happens. */
export const withStore = async (context: ContractContext, body: (store: EventStore) => Promise<void>): Promise<void> => {
  const store = await context.factory();
  try {
    await body(store);
  } finally {
    await store.close();
  }
};
