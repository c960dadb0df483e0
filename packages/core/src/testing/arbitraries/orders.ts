import * as fc from 'fast-check';
import type { OrderId, UserId } from '../../codecs/ids';
import type { OrderSnapshot } from '../../dispute/vocabulary';
import type { CurrencyCode } from '../../money/currency';
import { currencyArb, identifierArb } from './primitives';
import { at, DAY_MS, EARLIEST, LATEST, money } from './shared';

/** Options of `orderArb`. */
export interface OrderOptions {
  /** The order's currency (random otherwise). */
  readonly currency?: CurrencyCode;
  /** The order's id (random otherwise). */
  readonly orderId?: string;
}

/**
 * Order snapshots: distinct buyer and seller, `paid > alreadyRefunded` in one currency, and
 * consistent instants (shipped after paid, delivery deadline after shipment, receipt after delivery).
 * Shipment and the delivery deadline are usually known; delivery, receipt and a refused cancellation sometimes.
 */
export const orderArb = (options: OrderOptions = {}): fc.Arbitrary<OrderSnapshot> =>
  fc
    .record({
      orderId: options.orderId === undefined ? identifierArb : fc.constant(options.orderId),
      buyer: identifierArb,
      seller: identifierArb,
      currency: options.currency === undefined ? currencyArb : fc.constant(options.currency),
      paid: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 500_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }) }),
      refundedShare: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }) }),
      paidAt: fc.integer({ min: EARLIEST, max: LATEST }),
      shippedAfter: fc.option(fc.integer({ min: 0, max: 10 * DAY_MS }), { freq: 20 }),
      deliveryWithin: fc.option(fc.integer({ min: 5 * DAY_MS, max: 60 * DAY_MS }), { freq: 20 }),
      deliveredAfter: fc.option(fc.integer({ min: DAY_MS, max: 40 * DAY_MS }), { freq: 2 }),
      receiptAfter: fc.option(fc.integer({ min: 0, max: 5 * DAY_MS }), { freq: 2 }),
      refusedAfter: fc.option(fc.integer({ min: 0, max: 3 * DAY_MS }), { freq: 2 }),
    })
    .map((o) => {
      const already = Math.min(o.paid - 1, Math.floor(o.paid * o.refundedShare));
      const shippedAt = o.shippedAfter === null ? undefined : o.paidAt + o.shippedAfter;
      const deliveryDeadlineAt = shippedAt === undefined || o.deliveryWithin === null ? undefined : shippedAt + o.deliveryWithin;
      const deliveredAt = shippedAt === undefined || o.deliveredAfter === null ? undefined : shippedAt + o.deliveredAfter;
      const receiptConfirmedAt = deliveredAt === undefined || o.receiptAfter === null ? undefined : deliveredAt + o.receiptAfter;
      const order: OrderSnapshot = {
        orderId: o.orderId as OrderId,
        buyerId: `buyer-${o.buyer}` as UserId,
        sellerId: `seller-${o.seller}` as UserId,
        paid: money(o.paid, o.currency),
        alreadyRefunded: money(already, o.currency),
        paidAt: at(o.paidAt),
        ...(shippedAt === undefined ? {} : { shippedAt: at(shippedAt) }),
        ...(deliveryDeadlineAt === undefined ? {} : { deliveryDeadlineAt: at(deliveryDeadlineAt) }),
        ...(deliveredAt === undefined ? {} : { deliveredAt: at(deliveredAt) }),
        ...(receiptConfirmedAt === undefined ? {} : { receiptConfirmedAt: at(receiptConfirmedAt) }),
        ...(o.refusedAfter === null ? {} : { cancellationRefusedAt: at(o.paidAt + o.refusedAfter) }),
      };
      return order;
    });
