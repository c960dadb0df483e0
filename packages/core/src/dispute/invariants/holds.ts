import { payoutHoldAmount } from '../decide/payoutHold';
import type { EventOf } from '../events';
import { fmt, inCommand, report, sameMoney, type Audit, type EventCheck } from './audit';

/**
 * M6, payout holds: the opening holds what the policy says (nothing, the amount asked for, or the
 * refundable amount), once; the hold ends exactly once, in the closing command, giving back what the
 * refunds did not consume (only the seller's part of a refund: L1–L2) — released + consumed is the amount held, and no hold outlives the close.
 */

/** A hold: in the opening's command, once, of the amount the policy holds. */
export const checkHoldPlaced = (c: EventCheck, event: EventOf<'PayoutHoldPlaced'>): void => {
  const opening = inCommand(c.audit, 'DisputeOpened');
  if (opening?.type !== 'DisputeOpened') {
    c.report('M6', 'A payout hold is placed only by the opening, in its command.');
  } else {
    const expected = payoutHoldAmount(c.dispute.policy, opening.data.requested, opening.data.refundable);
    if (expected === undefined || !sameMoney(expected, event.data.amount)) {
      const policy = c.dispute.policy.payoutHold ?? 'NONE';
      c.report('M6', `The hold of ${fmt(event.data.amount)} is not what the policy (payoutHold ${policy}) holds${expected === undefined ? '' : `: ${fmt(expected)}`}.`);
    }
  }
  if (c.t.hold !== undefined) c.report('M6', 'A second PayoutHoldPlaced: a dispute holds the payout once.');
  c.t.hold = { amount: event.data.amount, released: false };
};

/** A release: of a running hold, once, released + consumed = held, consumed = the seller's part of what was refunded (up to the hold). */
export const checkHoldReleased = (c: EventCheck, event: EventOf<'PayoutHoldReleased'>): void => {
  const hold = c.t.hold;
  const e = event.data;
  if (hold === undefined) {
    c.report('M6', 'A payout hold was released, but none was placed.');
    return;
  }
  if (hold.released) c.report('M6', 'A second PayoutHoldReleased: a hold is released once.');
  hold.released = true;
  if (e.amount.amount + e.consumed.amount !== hold.amount.amount) {
    c.report('M6', `Released ${fmt(e.amount)} + consumed ${fmt(e.consumed)} is not the ${fmt(hold.amount)} held.`);
  }
  // The gateway's refund and the lost chargebacks consume the hold (the card issuer took that money back: decision 0006).
  const refunded = c.t.refunds.reduce((sum, m) => sum + m.amount, 0) + c.t.chargebacks.lost;
  // What the platform covers is not the seller's money: the hold pays only the seller's part (L1, L2), less what
  // the seller already paid the buyer itself (decision 0005).
  const sellerOwes = c.t.liability.sellerShare === undefined ? refunded : Math.max(0, c.t.liability.sellerShare - c.t.external.total);
  const sellerPaid = Math.min(refunded, sellerOwes);
  const consumed = Math.min(hold.amount.amount, sellerPaid);
  if (e.consumed.amount !== consumed) c.report('M6', `The release says ${fmt(e.consumed)} paid the refund, but ${consumed} of the hold did (the seller's part of ${refunded} refunded).`);
};

/** What a command must finish about holds: the opening places the policy's hold; a release closes; a close releases. */
export const checkHoldsOfCommand = (audit: Audit, last: number): void => {
  const opening = inCommand(audit, 'DisputeOpened');
  if (opening?.type === 'DisputeOpened' && audit.dispute !== undefined && inCommand(audit, 'PayoutHoldPlaced') === undefined) {
    const expected = payoutHoldAmount(audit.dispute.policy, opening.data.requested, opening.data.refundable);
    if (expected !== undefined && expected.amount > 0) report(audit, 'M6', `The policy holds ${fmt(expected)} of the payout, but the opening placed no hold.`, last);
  }
  const releases = inCommand(audit, 'PayoutHoldReleased') !== undefined;
  const closes = inCommand(audit, 'DisputeClosed') !== undefined;
  if (releases && !closes) report(audit, 'M6', 'A payout hold is released only by the command that closes the dispute.', last);
  if (closes && audit.t.hold !== undefined && !audit.t.hold.released) report(audit, 'M6', 'The dispute closed, but its payout hold was never released.', last);
};
