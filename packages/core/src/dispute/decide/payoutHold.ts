import { money, type Money } from '../../money/money';
import type { DisputePolicy } from '../../policy/policy';
import type { OpenDispute } from '../commands';
import type { DisputeEvent, EventOf, Outcome } from '../events';
import type { OpenedDispute } from '../state';
import type { CommonFields } from './context';
import { chargedBackOf } from '../chargebacks';
import { sellerShareOf } from './liability';

/** The idempotency key the payout service receives for a dispute's hold. */
export const payoutHoldKey = (disputeId: string): string => `dispute:${disputeId}:hold`;

/** The idempotency key the payout service receives for the release of a dispute's hold. */
export const payoutReleaseKey = (disputeId: string): string => `dispute:${disputeId}:release`;

/**
 * What the policy holds of the seller's payout when a dispute opens: nothing (`NONE`, or a policy
 * stored before the field existed), the amount asked for, or the whole refundable amount.
 */
export const payoutHoldAmount = (policy: DisputePolicy, requested: Money, refundable: Money): Money | undefined => {
  switch (policy.payoutHold ?? 'NONE') {
    case 'DISPUTED_AMOUNT':
      return requested;
    case 'ORDER_AMOUNT':
      return refundable;
    default:
      return undefined;
  }
};

/** The hold the opening places, if the policy holds anything: zero or one `PayoutHoldPlaced`. */
export const placePayoutHold = (common: CommonFields, c: OpenDispute, policy: DisputePolicy, refundable: Money): DisputeEvent[] => {
  const amount = payoutHoldAmount(policy, c.requested, refundable);
  return amount === undefined || amount.amount === 0 ? [] : [{ type: 'PayoutHoldPlaced', data: { ...common, amount, sellerId: c.order.sellerId } }];
};

/**
 * The release of the hold when the dispute ends with `refunded` paid to the buyer by the gateway and
 * the card issuer: it consumes only what the seller still owes of it (the resolution's liability,
 * less what the seller refunded `elsewhere` itself; what the platform covers is not the seller's
 * money), and the rest goes back to the seller. Nothing when no hold is running. Every way out calls
 * this (through `closing`), a chargeback's close included.
 */
export const payoutHoldRelease = (s: OpenedDispute, common: CommonFields, refunded: Money, elsewhere = 0): DisputeEvent[] => {
  const hold = s.payoutHold;
  if (hold === undefined || hold.released !== undefined) return [];
  const consumed = Math.min(hold.amount.amount, sellerShareOf(s, refunded, elsewhere));
  const amount = money(hold.amount.amount - consumed, hold.amount.currency);
  return [{ type: 'PayoutHoldReleased', data: { ...common, amount, consumed: money(consumed, hold.amount.currency) } }];
};

/**
 * The end of a dispute: the hold's release (if one is running), then `DisputeClosed` with its
 * outcome and what was refunded — the one way every closing path ends. `refunded` is what the
 * gateway paid, `elsewhere` what the buyer got back outside it (decision 0005); the lost chargebacks
 * of `s` are added (decision 0006). `DisputeClosed` records all three together; the gateway's refund
 * and the lost chargebacks (the card issuer took that money back from the merchant) consume the hold,
 * while a refund made elsewhere does not (the seller paid it out of their own pocket, so that part of
 * the hold goes back to them).
 */
export const closing = (s: OpenedDispute, common: CommonFields, outcome: Outcome, refunded: Money, elsewhere?: Money): DisputeEvent[] => {
  const lost = chargedBackOf(s).amount;
  const total = money(refunded.amount + (elsewhere?.amount ?? 0) + lost, refunded.currency);
  const closed: EventOf<'DisputeClosed'> = { type: 'DisputeClosed', data: { ...common, outcome, refunded: total } };
  return [...payoutHoldRelease(s, common, money(refunded.amount + lost, refunded.currency), elsewhere?.amount ?? 0), closed];
};
