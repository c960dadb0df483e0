import * as E from 'fp-ts/lib/Either.js';
import { customPolicy, type DisputePolicy } from '@disputekit/core';

/**
 * The marketplace's own dispute policy: the `seed` preset with a faster seller (3 business days,
 * with the marketplace's holidays off), a week to ship a return, at most two revised requests by
 * the buyer, sellers allowed to ask for mediation, and the disputed amount of the seller's payout
 * held while a dispute runs (released, less the refund, at its end). Built once at start-up; an invalid override
 * is a configuration error, so it throws.
 */
export const marketplacePolicy: DisputePolicy = (() => {
  const built = customPolicy('seed', {
    name: 'acme-marketplace',
    deadlines: { sellerResponse: { businessDays: 3 }, returnShipment: { days: 7 } },
    businessCalendar: { holidays: ['2026-04-03', '2026-04-06', '2026-12-25'] },
    maxBuyerRevisions: 2,
    sellerMayEscalate: true,
    payoutHold: 'DISPUTED_AMOUNT',
  });
  if (E.isLeft(built)) throw new Error(`The marketplace policy is invalid: ${built.left.message}`);
  return built.right;
})();
