import type { StreamId } from './eventStore';

/**
 * The names of disputekit's streams, in one place. A dispute lives in `dispute-{disputeId}`; the
 * order guard (one open dispute per order) in `order-{orderId}`. Nothing else writes either prefix.
 */

/** The prefix of every dispute stream. */
export const DISPUTE_STREAM_PREFIX = 'dispute-';

/** The prefix of every order-guard stream. */
export const ORDER_GUARD_STREAM_PREFIX = 'order-';

/** The prefixes of every stream disputekit writes: what a store that filters `$all` must read. */
export const DISPUTEKIT_STREAM_PREFIXES: ReadonlyArray<string> = [DISPUTE_STREAM_PREFIX, ORDER_GUARD_STREAM_PREFIX];

/** The stream id of a dispute: `dispute-{disputeId}`. */
export const disputeStreamId = (disputeId: string): StreamId => `${DISPUTE_STREAM_PREFIX}${disputeId}`;

/**
 * The order guard's stream: `order-{orderId}`. It holds only the guard's own events (never dispute
 * events) and is always appended with an exact expected version, which is what makes the guard
 * safe under concurrency in every store, EventStoreDB included.
 */
export const orderGuardStreamId = (orderId: string): StreamId => `${ORDER_GUARD_STREAM_PREFIX}${orderId}`;

/** True when `streamId` names a dispute stream. */
export const isDisputeStreamId = (streamId: string): boolean => streamId.startsWith(DISPUTE_STREAM_PREFIX);

/** True when `streamId` names an order-guard stream. */
export const isOrderGuardStreamId = (streamId: string): boolean => streamId.startsWith(ORDER_GUARD_STREAM_PREFIX);

/** The dispute id a dispute stream is named after, or `undefined` when `streamId` is not a dispute stream. */
export const disputeIdOfStream = (streamId: string): string | undefined =>
  isDisputeStreamId(streamId) ? streamId.slice(DISPUTE_STREAM_PREFIX.length) : undefined;
