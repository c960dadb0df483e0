import type * as t from 'io-ts/lib/index.js';
import type { OrderDisputeReleasedCodec, OrderDisputeReservedCodec, ReleaseReasonCodec } from './internal/eventCodecs';

/**
 * A dispute of the order is reserved: the guard let it open. The reservation is the commit point
 * of `OpenDispute`: it carries the events the command decided (its `DisputeOpened`) and when they
 * were recorded, so whoever finds the reservation with an empty dispute stream completes the
 * opening with exactly these events.
 */
export type OrderDisputeReserved = t.TypeOf<typeof OrderDisputeReservedCodec>;

/** Why a reservation ended: the dispute closed (`CLOSED`), or it never became this order's dispute (`VOID`). */
export type ReleaseReason = t.TypeOf<typeof ReleaseReasonCodec>;

/**
 * A reserved dispute no longer blocks the order: it closed (`CLOSED`, with its outcome, what it
 * refunded, and the `at` of its `DisputeClosed`), or its stream was opened by another command or
 * for another order (`VOID`, refunded 0).
 */
export type OrderDisputeReleased = t.TypeOf<typeof OrderDisputeReleasedCodec>;

/** An event of an order guard stream `order-{orderId}`. */
export type OrderGuardEvent = OrderDisputeReserved | OrderDisputeReleased;
