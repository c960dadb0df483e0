import { zero, type Money } from '../money/money';
import type { Chargeback, OpenedDispute } from './state';

/**
 * The chargebacks of a dispute as the decider, `availableActions` and the read models read them
 * (decision 0006): the one that is open, if any, and what the lost ones gave back to the buyer.
 */

/** The chargeback waiting for the card network's decision, if any (at most one is open at a time). */
export const openChargebackOf = (s: OpenedDispute): Chargeback | undefined => {
  const last = s.chargebacks?.[s.chargebacks.length - 1];
  return last !== undefined && last.outcome === undefined ? last : undefined;
};

/** What lost chargebacks gave back to the buyer so far (zero before the first one lost). */
export const chargedBackOf = (s: OpenedDispute): Money => s.chargedBack ?? zero(s.refundable.currency);
