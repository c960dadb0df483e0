import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import type { EventStore, NewEvent, RecordedEvent, StoreError } from '@disputekit/core';

/** A stream id no other test (or earlier run against a shared server) has used: `dispute-contract-…`. */
export const freshStreamId = (label = 'stream'): string => `dispute-contract-${label}-${randomUUID()}`;

/** A new event with a random (UUID) event id and complete metadata. */
export const newEvent = (type: string, data: unknown = { n: 0 }, metadata: Record<string, unknown> = {}): NewEvent => ({
  type,
  data,
  metadata: {
    eventId: randomUUID(),
    commandId: `command-${randomUUID()}`,
    recordedAt: '2026-03-01T10:00:00.000Z',
    schemaVersion: 1,
    ...metadata,
  },
});

/** `count` events of type `Counted` whose data is `{ n }` for n = `from`, `from + 1`, … */
export const countedEvents = (count: number, from = 1): NewEvent[] =>
  Array.from({ length: count }, (_, index) => newEvent('Counted', { n: from + index }));

/**
 * The right side of an Either, failing the test with the error's message when it is a left. The
 * published contract kit keeps its own (rather than `expectRight` of `@disputekit/core/testing`):
 * that entry loads fast-check, which users of this kit need not install. Tests use `expectRight`.
 */
export const rightOf = <A>(result: E.Either<StoreError, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected success, got ${result.left._tag}: ${result.left.message}`);
  return result.right;
};

/** The left side of an Either, failing the test when it is a right. */
export const leftOf = (result: E.Either<StoreError, unknown>): StoreError => {
  if (E.isRight(result)) throw new Error(`expected a StoreError, got success: ${JSON.stringify(result.right).slice(0, 200)}`);
  return result.left;
};

/** The events of a stream, failing the test on a store error. */
export const streamOf = async (store: EventStore, streamId: string): Promise<ReadonlyArray<RecordedEvent>> =>
  rightOf(await store.readStream(streamId));

/** Appends one marker event to a fresh stream and returns its global position: later events come after it. */
export const markPosition = async (store: EventStore): Promise<number> =>
  rightOf(await store.appendToStream(freshStreamId('marker'), [newEvent('Marker')], { expectedVersion: 'no_stream' })).lastGlobalPosition;

/** Reads the global log from `after` to its end, page by page, keeping the events of `streams`. */
export const readAllOf = async (
  store: EventStore,
  streams: ReadonlySet<string>,
  after: number,
  pageSize = 1000,
): Promise<RecordedEvent[]> => {
  const kept: RecordedEvent[] = [];
  let checkpoint = after;
  for (;;) {
    const page = rightOf(await store.readAll({ after: checkpoint, maxCount: pageSize }));
    kept.push(...page.filter((event) => streams.has(event.streamId)));
    const last = page[page.length - 1];
    if (last === undefined || page.length < pageSize) return kept;
    checkpoint = last.globalPosition;
  }
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Retries `probe` until it stops throwing or `timeoutMs` passes, then rethrows its last error.
 * Used for `readAll`, which may show an event a moment after its append returned (PostgreSQL waits
 * for older transactions to end), never out of order.
 */
export const eventually = async <A>(probe: () => Promise<A>, timeoutMs: number): Promise<A> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(20);
    }
  }
};

/** Reads the log after `after` until it holds `count` events of `streams`, and returns them. */
export const readAllEventually = (
  store: EventStore,
  streams: ReadonlySet<string>,
  after: number,
  count: number,
  timeoutMs: number,
  pageSize = 1000,
): Promise<RecordedEvent[]> =>
  eventually(async () => {
    const events = await readAllOf(store, streams, after, pageSize);
    if (events.length < count) throw new Error(`readAll shows ${events.length} of ${count} events after ${timeoutMs} ms`);
    return events;
  }, timeoutMs);

/**
 * Follows the log after `after` and collects the first `count` events of `streams`, calling
 * `onEvent` after each; aborts the follower when done and fails after `timeoutMs`.
 */
export const followUntil = async (
  store: EventStore,
  options: { readonly after: number; readonly streams: ReadonlySet<string>; readonly count: number; readonly timeoutMs: number; readonly pollIntervalMs: number; readonly batchSize?: number },
  onEvent: (event: RecordedEvent, seen: number) => Promise<void> | void = () => undefined,
): Promise<RecordedEvent[]> => {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const seen: RecordedEvent[] = [];
  try {
    for await (const event of store.followAll({
      after: options.after,
      signal: controller.signal,
      pollIntervalMs: options.pollIntervalMs,
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    })) {
      if (!options.streams.has(event.streamId)) continue;
      seen.push(event);
      await onEvent(event, seen.length);
      if (seen.length >= options.count) break;
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  if (seen.length < options.count) throw new Error(`the follower saw ${seen.length} of ${options.count} events within ${options.timeoutMs} ms`);
  return seen;
};

/** The global positions of events, in order. */
export const positionsOf = (events: ReadonlyArray<RecordedEvent>): number[] => events.map((event) => event.globalPosition);

/** Whether numbers are strictly increasing. */
export const strictlyIncreasing = (numbers: ReadonlyArray<number>): boolean => numbers.every((n, i) => i === 0 || n > (numbers[i - 1] ?? n));

/** Settles with `promise`'s value, or with `fallback` once `ms` pass; clears its timer either way. */
export const orAfter = async <A, B>(promise: Promise<A>, ms: number, fallback: B): Promise<A | B> => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([promise, new Promise<B>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)))]);
  } finally {
    clearTimeout(timer);
  }
};
