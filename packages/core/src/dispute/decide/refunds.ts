import { formatMoney } from '../../money/money';
import type { CommandHandler } from './context';
import { emit, fail } from './decision';
import { refundStillDue } from '../refundDue';
import { closing } from './payoutHold';
import { notAllowedInStatus, statusText } from './wording';

/** The idempotency key the payment provider receives for a dispute's refund (process rules §5.4). */
export const refundIdempotencyKey = (disputeId: string): string => `dispute:${disputeId}:refund`;

/** The payment integration reports the refund went out: exactly the resolved amount, and the dispute closes. */
export const issueRefund: CommandHandler<'IssueRefund'> = (c, { state: s, common }) => {
  if (s.status !== 'AWAITING_REFUND' || s.resolution === undefined) {
    return notAllowedInStatus(s, `No refund is due; the dispute is ${statusText[s.status]}.`);
  }
  const owed = refundStillDue(s) ?? s.resolution.refund;
  if (c.amount.currency !== owed.currency) {
    return fail('CurrencyMismatch', `The refund is in ${c.amount.currency}, but this dispute is in ${owed.currency}.`);
  }
  if (c.amount.amount !== owed.amount) {
    const elsewhere = s.externallyRefunded === undefined ? '' : ` (the resolved ${formatMoney(s.resolution.refund)} less ${formatMoney(s.externallyRefunded)} refunded elsewhere)`;
    return fail('RefundAmountMismatch', `The refund must be exactly the ${formatMoney(owed)} still due${elsewhere}, not ${formatMoney(c.amount)}.`, {
      owed,
      amount: c.amount,
    });
  }
  return emit(
    {
      type: 'RefundIssued',
      data: { ...common, refundId: c.refundId, amount: c.amount, gatewayReference: c.gatewayReference, idempotencyKey: refundIdempotencyKey(s.disputeId) },
    },
    ...closing(s, common, s.resolution.isFullRefund ? 'REFUNDED_FULL' : 'REFUNDED_PARTIAL', c.amount, s.externallyRefunded),
  );
};
