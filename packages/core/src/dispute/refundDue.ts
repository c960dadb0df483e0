import { money, zero, type Money } from '../money/money';
import { chargedBackOf } from './chargebacks';
import type { OpenedDispute } from './state';

/**
 * The money still at stake in a dispute once refunds made elsewhere (decision 0005) and lost
 * chargebacks (decision 0006) are counted: the decider, `availableActions` and the read models read
 * the same numbers from here.
 */

/** What the buyer got back outside the gateway so far (zero before the first `ExternalRefundRecorded`). */
export const externallyRefundedOf = (s: OpenedDispute): Money => s.externallyRefunded ?? zero(s.refundable.currency);

/**
 * What the gateway still owes once the dispute is resolved for the buyer: the resolved refund less
 * the refunds made elsewhere and the lost chargebacks. `undefined` before a resolution (or after one
 * for the seller).
 */
export const refundStillDue = (s: OpenedDispute): Money | undefined => {
  const r = s.resolution;
  if (r === undefined || r.outcome !== 'BUYER_FAVOUR') return undefined;
  return money(Math.max(0, r.refund.amount - externallyRefundedOf(s).amount - chargedBackOf(s).amount), r.refund.currency);
};

/**
 * What may still go back to the buyer in this dispute by any channel: the refundable amount less the
 * gateway's refund, the refunds made elsewhere and the lost chargebacks (never below zero).
 */
export const stillRefundable = (s: OpenedDispute): Money =>
  money(Math.max(0, s.refundable.amount - s.refunded.amount - externallyRefundedOf(s).amount - chargedBackOf(s).amount), s.refundable.currency);

/**
 * What a refund made elsewhere (or a lost chargeback) must cover to end the dispute: the refund still
 * due once resolved, else the terms a pending return waits for, else what the buyer asks now (their
 * current proposal, or the opening request) — less what lost chargebacks already gave back.
 */
export const amountAtStake = (s: OpenedDispute): Money => {
  const due = refundStillDue(s);
  if (due !== undefined) return due;
  const askId = s.currentProposals.buyer;
  const ask = askId === undefined ? undefined : s.proposals.find((p) => p.proposalId === askId);
  const base = s.pendingReturn?.refund ?? ask?.amount ?? s.requested;
  return money(Math.max(0, base.amount - chargedBackOf(s).amount), base.currency);
};

/** True once the dispute is resolved for the buyer and waits for (or is blocked on) the refund: refunds made elsewhere may be partial. */
export const refundIsDue = (s: OpenedDispute): boolean => s.status === 'AWAITING_REFUND' || s.status === 'REFUND_BLOCKED';
