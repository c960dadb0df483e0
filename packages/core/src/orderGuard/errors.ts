import { formatMoney, type Money } from '../money/money';

/** Another dispute of the order is still open (at most one open dispute per order, process rules §5.5). */
export interface OrderHasOpenDispute {
  readonly _tag: 'OrderHasOpenDispute';
  readonly orderId: string;
  /** The dispute that is open. */
  readonly openDisputeId: string;
  readonly message: string;
}

/** The order has had as many disputes as its policy allows (`maxDisputesPerOrder`). */
export interface DisputeLimitReached {
  readonly _tag: 'DisputeLimitReached';
  readonly orderId: string;
  readonly limit: number;
  /** Disputes opened for the order so far. */
  readonly opened: number;
  readonly message: string;
}

/** An earlier dispute of the order was cancelled by the buyer and the policy forbids reopening (`reopenAfterCancel`). */
export interface ReopenAfterCancelNotAllowed {
  readonly _tag: 'ReopenAfterCancelNotAllowed';
  readonly orderId: string;
  readonly cancelledDisputeId: string;
  readonly message: string;
}

/**
 * The new dispute's order snapshot says less was refunded than the order's earlier disputes
 * refunded: its `alreadyRefunded` must include them, or the order could be refunded beyond what was paid.
 */
export interface AlreadyRefundedTooLow {
  readonly _tag: 'AlreadyRefundedTooLow';
  readonly orderId: string;
  readonly alreadyRefunded: Money;
  readonly refundedByEarlierDisputes: Money;
  readonly message: string;
}

/** The new dispute's order snapshot is in another currency than the order's earlier disputes. */
export interface OrderCurrencyMismatch {
  readonly _tag: 'OrderCurrencyMismatch';
  readonly orderId: string;
  readonly expected: string;
  readonly actual: string;
  readonly message: string;
}

/**
 * The new dispute is dated before an earlier dispute of the order closed: disputes of one order
 * follow each other in time too (the `at` of commands), not only in the order the service saw them.
 */
export interface OrderTimeWentBackwards {
  readonly _tag: 'OrderTimeWentBackwards';
  readonly orderId: string;
  readonly earlierDisputeId: string;
  readonly closedAt: string;
  readonly openedAt: string;
  readonly message: string;
}

/** Why the order guard refused to let a dispute open (process rules §5.5). */
export type OrderGuardError =
  | OrderHasOpenDispute
  | DisputeLimitReached
  | ReopenAfterCancelNotAllowed
  | AlreadyRefundedTooLow
  | OrderCurrencyMismatch
  | OrderTimeWentBackwards;

/** Builds an `OrderHasOpenDispute` error. */
export const orderHasOpenDispute = (orderId: string, openDisputeId: string): OrderHasOpenDispute => ({
  _tag: 'OrderHasOpenDispute',
  orderId,
  openDisputeId,
  message: `Order ${orderId} already has an open dispute (${openDisputeId}); a new one can be opened only after it closes.`,
});

/** Builds a `DisputeLimitReached` error. */
export const disputeLimitReached = (orderId: string, limit: number, opened: number): DisputeLimitReached => ({
  _tag: 'DisputeLimitReached',
  orderId,
  limit,
  opened,
  message: `Order ${orderId} has had ${opened} dispute${opened === 1 ? '' : 's'}; the policy allows at most ${limit}.`,
});

/** Builds a `ReopenAfterCancelNotAllowed` error. */
export const reopenAfterCancelNotAllowed = (orderId: string, cancelledDisputeId: string): ReopenAfterCancelNotAllowed => ({
  _tag: 'ReopenAfterCancelNotAllowed',
  orderId,
  cancelledDisputeId,
  message: `The buyer cancelled dispute ${cancelledDisputeId} about order ${orderId}; under this policy a cancelled dispute cannot be reopened.`,
});

/** Builds an `AlreadyRefundedTooLow` error. */
export const alreadyRefundedTooLow = (orderId: string, alreadyRefunded: Money, refundedByEarlierDisputes: Money): AlreadyRefundedTooLow => ({
  _tag: 'AlreadyRefundedTooLow',
  orderId,
  alreadyRefunded,
  refundedByEarlierDisputes,
  message: `The order snapshot says ${formatMoney(alreadyRefunded)} of order ${orderId} was refunded, but its earlier disputes refunded ${formatMoney(refundedByEarlierDisputes)}; send a snapshot whose alreadyRefunded includes them.`,
});

/** Builds an `OrderCurrencyMismatch` error. */
export const orderCurrencyMismatch = (orderId: string, expected: string, actual: string): OrderCurrencyMismatch => ({
  _tag: 'OrderCurrencyMismatch',
  orderId,
  expected,
  actual,
  message: `Order ${orderId} was disputed in ${expected} before; the new order snapshot is in ${actual}.`,
});

/** Builds an `OrderTimeWentBackwards` error. */
export const orderTimeWentBackwards = (orderId: string, earlierDisputeId: string, closedAt: string, openedAt: string): OrderTimeWentBackwards => ({
  _tag: 'OrderTimeWentBackwards',
  orderId,
  earlierDisputeId,
  closedAt,
  openedAt,
  message: `The new dispute about order ${orderId} is dated ${openedAt}, before the order's dispute ${earlierDisputeId} closed at ${closedAt}.`,
});
