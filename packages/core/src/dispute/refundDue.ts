import { money, zero, type Money } from '../money/money';
import type { OpenedDispute } from './state';

/**
 * The money still at stake in a dispute once refunds made elsewhere are counted (decision 0005): the
 * decider, `availableActions` and the read models read the same three numbers from here.
 */

/** What the buyer got back outside the gateway so far (zero before the first `ExternalRefundRecorded`). */
export const externallyRefundedOf = (s: OpenedDispute): Money => s.externallyRefunded ?? zero(s.refundable.currency);

/**
 * What the gateway still owes once the dispute is resolved for the buyer: the resolved refund less
 * the refunds made elsewhere. `undefined` before a resolution (or after one for the seller).
 */
export const refundStillDue = (s: OpenedDispute): Money | undefined => {
  const r = s.resolution;
  if (r === undefined || r.outcome !== 'BUYER_FAVOUR') return undefined;
  return money(Math.max(0, r.refund.amount - externallyRefundedOf(s).amount), r.refund.currency);
};

/**
 * What a refund made elsewhere must cover to end the dispute: the refund still due once resolved,
 * else the terms a pending return waits for, else what the buyer asks now (their current proposal,
 * or the opening request).
 */
export const amountAtStake = (s: OpenedDispute): Money => {
  const due = refundStillDue(s);
  if (due !== undefined) return due;
  if (s.pendingReturn !== undefined) return s.pendingReturn.refund;
  const askId = s.currentProposals.buyer;
  const ask = askId === undefined ? undefined : s.proposals.find((p) => p.proposalId === askId);
  return ask?.amount ?? s.requested;
};

/** True once the dispute is resolved for the buyer and waits for (or is blocked on) the refund: refunds made elsewhere may be partial. */
export const refundIsDue = (s: OpenedDispute): boolean => s.status === 'AWAITING_REFUND' || s.status === 'REFUND_BLOCKED';
