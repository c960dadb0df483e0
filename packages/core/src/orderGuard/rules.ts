import { isBefore, type Instant } from '../codecs/instant';
import type { Outcome } from '../dispute/events';
import type { OrderSnapshot } from '../dispute/vocabulary';
import type { Money } from '../money/money';
import type { DisputePolicy } from '../policy/policy';
import type { GuardEntry } from './state';
import {
  alreadyRefundedTooLow,
  disputeLimitReached,
  orderCurrencyMismatch,
  orderHasOpenDispute,
  orderTimeWentBackwards,
  reopenAfterCancelNotAllowed,
  type OrderGuardError,
} from './errors';

/**
 * Where a reserved dispute stands, as the guard counts it:
 * - `OPEN`: its stream was opened by the reserving command and is not closed (an interrupted opening
 *   counts as open: the guard completes it before counting);
 * - `CLOSED`: closed, with its outcome and what it refunded (`recorded` once the release is in the guard stream);
 * - `VOID`: its stream was opened by another command or for another order, so the reservation never
 *   became a dispute of this order and never can (an opening always appends with `no_stream`).
 */
export type ReservationStatus =
  | { readonly kind: 'OPEN' }
  | {
      readonly kind: 'CLOSED';
      readonly outcome: Outcome | undefined;
      readonly refunded: Money;
      /** The `at` of its `DisputeClosed` (absent only in releases written without it). */
      readonly closedAt: Instant | undefined;
      readonly recorded: boolean;
    }
  | { readonly kind: 'VOID'; readonly recorded: boolean };

/** A reservation and where it stands. */
export interface ResolvedReservation {
  readonly entry: GuardEntry;
  readonly status: ReservationStatus;
}

/**
 * The per-order rules of process rules §5.5, checked before a new dispute is reserved (pure): no
 * other dispute of the order open; none cancelled by the buyer when the new dispute's policy says
 * `reopenAfterCancel: false`; the new dispute dated no earlier than the earlier ones closed; fewer than the new policy's `maxDisputesPerOrder` opened (void
 * reservations do not count); and the new order snapshot's `alreadyRefunded` at least what the
 * order's earlier disputes refunded, in the same currency — so refunds across the disputes of one
 * order never exceed what was paid.
 */
export const checkOrderGuardRules = (
  orderId: string,
  order: OrderSnapshot,
  policy: DisputePolicy,
  openedAt: Instant,
  earlier: ReadonlyArray<ResolvedReservation>,
): OrderGuardError | undefined => {
  const open = earlier.find((r) => r.status.kind === 'OPEN');
  if (open) return orderHasOpenDispute(orderId, open.entry.reservation.disputeId);
  for (const { entry, status } of earlier) {
    if (status.kind === 'CLOSED' && status.closedAt !== undefined && isBefore(openedAt, status.closedAt)) {
      return orderTimeWentBackwards(orderId, entry.reservation.disputeId, status.closedAt, openedAt);
    }
  }
  if (!policy.reopenAfterCancel) {
    const cancelled = earlier.find((r) => r.status.kind === 'CLOSED' && r.status.outcome === 'CANCELLED_BY_BUYER');
    if (cancelled) return reopenAfterCancelNotAllowed(orderId, cancelled.entry.reservation.disputeId);
  }
  const opened = earlier.filter((r) => r.status.kind !== 'VOID').length;
  if (opened >= policy.maxDisputesPerOrder) return disputeLimitReached(orderId, policy.maxDisputesPerOrder, opened);
  let refunded = 0;
  for (const { status } of earlier) {
    if (status.kind !== 'CLOSED') continue;
    if (status.refunded.currency !== order.alreadyRefunded.currency) {
      return orderCurrencyMismatch(orderId, status.refunded.currency, order.alreadyRefunded.currency);
    }
    refunded += status.refunded.amount;
  }
  if (order.alreadyRefunded.amount < refunded) {
    return alreadyRefundedTooLow(orderId, order.alreadyRefunded, { amount: refunded, currency: order.alreadyRefunded.currency } as Money);
  }
  return undefined;
};
