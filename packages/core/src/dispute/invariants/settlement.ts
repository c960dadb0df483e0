import type { Money } from '../../money/money';
import type { DisputeEvent, EventOf } from '../events';
import { expiryInCommand, fmt, inCommand, sameMoney, type EventCheck } from './audit';

/**
 * The settlement rules: S3 (one end: a resolution or a cancellation, then the close), M3 (the agreed
 * amount is resolved and refunded once), M4 (outcomes match their refunds), S7 (no refund before the
 * return it needs) and S2 (one close).
 */

/** The amount the command settled, that the resolution must refund (M3). */
const settledAmount = (c: EventCheck, e: EventOf<'Resolved'>['data'], acceptance?: DisputeEvent, ruling?: DisputeEvent): Money | undefined =>
  acceptance?.type === 'ProposalAccepted'
    ? acceptance.data.amount
    : ruling?.type === 'RulingIssued'
      ? ruling.data.refund
      : e.basis === 'RETURN_CONFIRMED' || e.basis === 'RETURN_RECEIPT_SILENCE'
        ? c.t.pendingReturn?.refund
        : e.basis === 'EXTERNAL_REFUND' || e.basis === 'CHARGEBACK'
          ? { amount: (c.t.external.total + c.t.chargebacks.lost) as Money['amount'], currency: c.dispute.currency }
          : { amount: 0 as Money['amount'], currency: c.dispute.currency };

/** S7: a resolution for the buyer comes after the return its terms need. */
const checkReturnBeforeRefund = (c: EventCheck, e: EventOf<'Resolved'>['data'], acceptance?: DisputeEvent, ruling?: DisputeEvent): void => {
  const terms =
    acceptance?.type === 'ProposalAccepted' ? acceptance.data : ruling?.type === 'RulingIssued' ? { ...ruling.data, amount: ruling.data.refund } : undefined;
  // A refund made elsewhere that covers the stake ends the dispute: the seller paid without the return.
  if (e.outcome !== 'BUYER_FAVOUR' || e.basis === 'EXTERNAL_REFUND' || e.basis === 'CHARGEBACK') return;
  if (terms !== undefined && terms.returnRequired && terms.amount.amount > 0) {
    c.report('S7', 'The settled terms need a return, but the dispute was resolved for the buyer without one.');
  } else if (c.t.pendingReturn !== undefined) {
    const received = inCommand(c.audit, 'ReturnReceived', (x) => x.type === 'ReturnReceived' && x.data.condition === 'AS_EXPECTED') !== undefined;
    const receiptSilence = expiryInCommand(c.audit, 'RETURN_RECEIPT') && c.dispute.policy.onReturnReceiptSilence === 'AUTO_REFUND';
    const returnRuling = ruling !== undefined && c.t.round === 'RETURN';
    if (!c.t.pendingReturn.shipped || !(received || receiptSilence || returnRuling)) {
      c.report('S7', 'The dispute was resolved for the buyer before the return was shipped and received as expected (or its receipt deadline passed).');
    }
  } else if (e.basis === 'RETURN_CONFIRMED' || e.basis === 'RETURN_RECEIPT_SILENCE') {
    c.report('S7', `A ${e.basis} resolution without any return.`);
  }
};

/** A resolution: once, not after a cancellation (S3); its refund matching its outcome (M4), its full-refund flag (M1) and the settlement (M3). */
export const checkResolved = (c: EventCheck, event: EventOf<'Resolved'>): void => {
  const e = event.data;
  const t = c.t;
  if (t.resolved !== undefined) c.report('S3', 'The dispute was resolved twice.');
  if (t.cancelled) c.report('S3', 'The dispute was resolved after it was cancelled.');
  if ((e.outcome === 'BUYER_FAVOUR') !== e.refund.amount > 0) {
    c.report('M4', `A ${e.outcome} resolution refunds ${fmt(e.refund)}; the buyer's favour means a refund above zero, the seller's none.`);
  }
  if (e.isFullRefund !== (e.refund.amount === c.dispute.refundable)) {
    c.report('M1', `The resolution says isFullRefund = ${e.isFullRefund}, but it refunds ${e.refund.amount} of ${c.dispute.refundable}.`);
  }
  const acceptance = inCommand(c.audit, 'ProposalAccepted');
  const ruling = inCommand(c.audit, 'RulingIssued');
  const expected = settledAmount(c, e, acceptance, ruling);
  if (expected !== undefined && !sameMoney(expected, e.refund)) c.report('M3', `The resolution refunds ${fmt(e.refund)}, but ${fmt(expected)} was settled.`);
  checkReturnBeforeRefund(c, e, acceptance, ruling);
  t.resolved = { outcome: e.outcome, refund: e.refund };
  t.settled = true;
};

/** A refund: not when cancelled or lost (M4), once, after a resolution, of its amount, under the dispute's key (M3), within the cap (M1). */
export const checkRefundIssued = (c: EventCheck, event: EventOf<'RefundIssued'>): void => {
  const e = event.data;
  const t = c.t;
  const d = c.dispute;
  if (t.cancelled) c.report('M4', 'A refund was issued in a cancelled dispute.');
  if (t.resolved?.outcome === 'SELLER_FAVOUR') c.report('M4', 'A refund was issued in a dispute resolved in the seller\'s favour.');
  if (t.refunds.length > 0) c.report('M3', 'A second RefundIssued: a dispute refunds at most once.');
  if (t.resolved === undefined) c.report('M3', 'A refund was issued before the dispute was resolved.');
  else if (t.resolved.outcome === 'BUYER_FAVOUR' && t.resolved.refund.amount - t.external.total - t.chargebacks.lost !== e.amount.amount) {
    const outside = t.external.total + t.chargebacks.lost;
    const elsewhere = outside === 0 ? '' : ` less the ${outside} refunded elsewhere or by lost chargebacks`;
    c.report('M3', `The refund of ${fmt(e.amount)} differs from the resolved ${fmt(t.resolved.refund)}${elsewhere}.`);
  }
  if (e.idempotencyKey !== `dispute:${d.disputeId}:refund`) {
    c.report('M3', `The refund's idempotency key is ${e.idempotencyKey}, not dispute:${d.disputeId}:refund.`);
  }
  t.refunds.push(e.amount);
  const total = t.refunds.reduce((sum, m) => sum + m.amount, 0);
  if (total > d.refundable) c.report('M1', `Refunds total ${total}, more than the ${d.refundable} refundable.`);
  if (t.external.total > 0 && total + t.external.total > d.refundable) {
    c.report('M7', `The gateway refunded ${total} and ${t.external.total} was refunded elsewhere: more than the ${d.refundable} refundable.`);
  }
  if (t.chargebacks.lost > 0 && total + t.external.total + t.chargebacks.lost > d.refundable) {
    c.report('M8', `The gateway refunded ${total} after lost chargebacks gave back ${t.chargebacks.lost} (and ${t.external.total} elsewhere): more than the ${d.refundable} refundable.`);
  }
};

/** A cancellation: not after settlement (S5), nor after a resolution, nor twice (S3). */
export const checkCancelled = (c: EventCheck): void => {
  const t = c.t;
  if (t.settled) c.report('S5', 'The dispute was cancelled after it was settled.');
  if (t.resolved !== undefined) c.report('S3', 'The dispute was cancelled after it was resolved.');
  if (t.cancelled) c.report('S3', 'The dispute was cancelled twice.');
  t.cancelled = true;
};

/** M4 on the close: the outcome matches what was refunded, resolved or cancelled. */
const checkOutcome = (c: EventCheck, e: EventOf<'DisputeClosed'>['data']): void => {
  const refund = c.t.refunds[0];
  const refunded = e.refunded.amount;
  const elsewhere = c.t.external.total;
  const lost = c.t.chargebacks.lost;
  switch (e.outcome) {
    case 'REFUNDED_FULL':
    case 'REFUNDED_PARTIAL': {
      const full = e.outcome === 'REFUNDED_FULL';
      const paid = (refund?.amount ?? 0) + elsewhere + lost;
      if (refund === undefined && elsewhere === 0 && lost === 0) c.report('M4', `The dispute closed as ${e.outcome} without any refund issued, made elsewhere or lost to a chargeback.`);
      else if (refunded !== paid) c.report('M4', `The dispute closed saying ${refunded} was refunded, but ${paid} was (gateway, elsewhere and lost chargebacks).`);
      if (full ? refunded !== c.dispute.refundable : refunded <= 0 || refunded >= c.dispute.refundable) {
        c.report('M4', `The dispute closed as ${e.outcome} with ${refunded} refunded of ${c.dispute.refundable}.`);
      }
      break;
    }
    case 'SELLER_FAVOUR':
      if (c.t.resolved?.outcome !== 'SELLER_FAVOUR') c.report('M4', 'The dispute closed in the seller\'s favour without a resolution in the seller\'s favour.');
      // What lost chargebacks gave back stays counted: the card issuer, not the dispute, refunded it (decision 0006).
      if (refund !== undefined || refunded !== lost || elsewhere !== 0) c.report('M4', 'The dispute closed in the seller\'s favour but records a refund.');
      break;
    case 'CANCELLED_BY_BUYER':
      if (!c.t.cancelled) c.report('M4', 'The dispute closed as cancelled without a cancellation.');
      if (refund !== undefined || refunded !== lost) c.report('M4', 'The dispute closed as cancelled but records a refund.');
      break;
    case 'CHARGEBACK':
      if (refunded !== (refund?.amount ?? 0) + elsewhere + lost) c.report('M4', `The dispute closed as CHARGEBACK saying ${refunded} was refunded, but ${(refund?.amount ?? 0) + elsewhere + lost} was.`);
      break;
    default:
      break;
  }
};

/** The close: once (S2), after a resolution or a cancellation (S3), its outcome true to the money (M4). */
export const checkClosed = (c: EventCheck, event: EventOf<'DisputeClosed'>): void => {
  if (c.t.closed) c.report('S2', 'DisputeClosed appears twice.');
  if (c.t.resolved === undefined && !c.t.cancelled && event.data.outcome !== 'CHARGEBACK') {
    c.report('S3', 'The dispute closed with neither a resolution, a cancellation nor a chargeback.');
  }
  checkOutcome(c, event.data);
  c.t.closed = true;
};
