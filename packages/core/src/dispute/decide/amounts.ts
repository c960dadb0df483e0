import { formatMoney, type Money } from '../../money/money';
import type { DisputePolicy } from '../../policy/policy';
import { disputeError, type DisputeError } from '../errors';
import type { OpenedDispute } from '../state';

/** The slice of a dispute that the amount rules of §2 depend on. */
export interface AmountContext {
  readonly kind: OpenedDispute['kind'];
  readonly itemReceived: boolean;
  readonly reason: OpenedDispute['reason'];
  readonly policy: DisputePolicy;
  readonly refundable: Money;
}

/** Checks an amount against the dispute's currency and refundable cap. */
export const checkCap = (amount: Money, refundable: Money, what: string): DisputeError | undefined => {
  if (amount.currency !== refundable.currency) {
    return disputeError('CurrencyMismatch', `The ${what} is in ${amount.currency}, but this dispute is in ${refundable.currency}.`, {
      expected: refundable.currency,
      actual: amount.currency,
    });
  }
  if (amount.amount > refundable.amount) {
    return disputeError(
      'RefundExceedsRefundable',
      `The ${what} of ${formatMoney(amount)} is more than the ${formatMoney(refundable)} that can still be refunded for this order.`,
      { amount, refundable },
    );
  }
  return undefined;
};

/** The buyer's amount rules (§2), for the opening request and every buyer revision. */
export const checkBuyerAmount = (ctx: AmountContext, amount: Money): DisputeError | undefined => {
  const cap = checkCap(amount, ctx.refundable, 'requested refund');
  if (cap) return cap;
  if (amount.amount === 0) return disputeError('AmountMustBePositive', 'The buyer must ask for a refund greater than zero.');
  const full = amount.amount === ctx.refundable.amount;
  if (ctx.reason.group === 'NOT_RECEIVED' && !full) {
    return disputeError('FullRefundRequired', `An item that never arrived is refunded in full: ask for ${formatMoney(ctx.refundable)}.`, {
      refundable: ctx.refundable,
    });
  }
  if (ctx.kind === 'RETURN_AND_REFUND' && !ctx.policy.allowPartialOnReturn && !full) {
    return disputeError('FullRefundRequired', `A returned item is refunded in full: ask for ${formatMoney(ctx.refundable)}.`, {
      refundable: ctx.refundable,
    });
  }
  if (ctx.kind === 'REFUND_ONLY' && ctx.itemReceived && ctx.policy.strictPartialForKeptItem && full) {
    return disputeError(
      'PartialRefundRequired',
      `A buyer who keeps the item can only ask for part of the price: less than ${formatMoney(ctx.refundable)}.`,
      { refundable: ctx.refundable },
    );
  }
  return undefined;
};
