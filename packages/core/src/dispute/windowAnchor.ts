import { assertNever } from '../codecs/assertNever';
import type { Instant } from '../codecs/instant';
import type { WindowAnchor } from '../policy/policy';
import type { OrderSnapshot } from './vocabulary';

/**
 * The instant of the order that a protection-window point is measured from, or `undefined` when the
 * order does not have it yet (not shipped, no delivery deadline…). `RECEIPT_OR_DELIVERY_DEADLINE` is
 * the buyer's receipt confirmation when there is one, else the delivery deadline.
 */
export const windowAnchorInstant = (order: OrderSnapshot, anchor: WindowAnchor): Instant | undefined => {
  switch (anchor) {
    case 'PAID_AT':
      return order.paidAt;
    case 'SHIPPED_AT':
      return order.shippedAt;
    case 'DELIVERED_AT':
      return order.deliveredAt;
    case 'DELIVERY_DEADLINE':
      return order.deliveryDeadlineAt;
    case 'RECEIPT_OR_DELIVERY_DEADLINE':
      return order.receiptConfirmedAt ?? order.deliveryDeadlineAt;
    default:
      return assertNever(anchor, 'window anchor');
  }
};
