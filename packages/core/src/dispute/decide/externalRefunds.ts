import { formatMoney, money, type Money } from '../../money/money';
import { disputeError, type DisputeError } from '../errors';
import type { DisputeEvent, EventOf } from '../events';
import { chargedBackOf } from '../chargebacks';
import { amountAtStake, externallyRefundedOf, refundIsDue, stillRefundable } from '../refundDue';
import type { OpenedDispute } from '../state';
import { checkCap } from './amounts';
import type { CommandHandler, CommandOf, DecideContext } from './context';
import { emit, fail, refuse } from './decision';
import { liabilityMismatch, resolutionLiability, rulingLiability } from './liability';
import { closing } from './payoutHold';
import { notAllowedInStatus, statusText } from './wording';

/**
 * Refunds made elsewhere and the mediator's second ruling on a blocked refund (process rules §5.6,
 * decision 0005). A refund made elsewhere may be partial only once the refund is due; before that it
 * must cover what is at stake, and then it ends the dispute.
 */

/** The outcome of a dispute that refunds `total` in all. */
const refundOutcome = (s: OpenedDispute, total: Money) => (total.amount === s.refundable.amount ? 'REFUNDED_FULL' : 'REFUNDED_PARTIAL');

/** The amount's own rules: in the dispute's currency, above zero, within what may still be refunded. */
const checkExternalAmount = (s: OpenedDispute, amount: Money): DisputeError | undefined => {
  const cap = checkCap(amount, stillRefundable(s), 'refund made elsewhere');
  if (cap) return cap;
  return amount.amount === 0 ? disputeError('AmountMustBePositive', 'A refund made elsewhere is more than zero.') : undefined;
};

/** Against what is at stake: never more; before the refund is due, exactly all of it. */
const checkAgainstStake = (s: OpenedDispute, amount: Money): DisputeError | undefined => {
  const stake = amountAtStake(s);
  if (amount.amount > stake.amount) {
    return disputeError(
      'ExternalRefundExceedsDue',
      `The refund made elsewhere of ${formatMoney(amount)} is more than the ${formatMoney(stake)} ${refundIsDue(s) ? 'still due' : 'at stake'} in this dispute.`,
      { amount, due: stake },
    );
  }
  if (!refundIsDue(s) && amount.amount < stake.amount) {
    return disputeError(
      'ExternalRefundMustCover',
      `Before the refund is due, a refund made elsewhere ends the dispute and must cover the ${formatMoney(stake)} at stake, not ${formatMoney(amount)}; agree on the amount first, then record what was paid.`,
      { amount, atStake: stake },
    );
  }
  return undefined;
};

/** Who may record it now: a mediator only for a blocked refund. */
const checkRecorder = (s: OpenedDispute, c: CommandOf<'RecordExternalRefund'>): DisputeError | undefined =>
  c.actor.role === 'mediator' && s.status !== 'REFUND_BLOCKED'
    ? disputeError('NotPermitted', `A mediator records a refund made elsewhere only when the refund is blocked; the dispute is ${statusText[s.status]}.`)
    : undefined;

/** The events that end a dispute whose refunds made elsewhere now cover what is at stake. */
const coveredEnd = (ctx: DecideContext, recorded: EventOf<'ExternalRefundRecorded'>): DisputeEvent[] => {
  const { state: s, common } = ctx;
  const total = money(externallyRefundedOf(s).amount + recorded.data.amount.amount, s.refundable.currency);
  const gateway = money(0, s.refundable.currency);
  if (s.resolution !== undefined) return closing(s, common, s.resolution.isFullRefund ? 'REFUNDED_FULL' : 'REFUNDED_PARTIAL', gateway, total);
  // What the buyer got back in all: the refunds made elsewhere and the lost chargebacks (decision 0006).
  const refund = money(total.amount + chargedBackOf(s).amount, s.refundable.currency);
  const resolved: EventOf<'Resolved'> = {
    type: 'Resolved',
    data: {
      ...common,
      outcome: 'BUYER_FAVOUR',
      basis: 'EXTERNAL_REFUND',
      refund,
      isFullRefund: refund.amount === s.refundable.amount,
      liability: resolutionLiability(s, refund, 'EXTERNAL_REFUND'),
    },
  };
  return [resolved, ...closing(s, common, refundOutcome(s, refund), gateway, total)];
};

/**
 * The seller, the payment integration or (for a blocked refund) a mediator records a refund made
 * outside the gateway. A partial one, once the refund is due, lowers what the gateway pays; one that
 * covers what is at stake ends the dispute in the buyer's favour without a gateway refund.
 */
export const recordExternalRefund: CommandHandler<'RecordExternalRefund'> = (c, ctx) => {
  const s = ctx.state;
  if (s.externalRefunds?.some((r) => r.refundRef === c.refundRef)) {
    return fail('DuplicateRefundRef', `A refund made elsewhere with reference ${c.refundRef} is already recorded in this dispute.`);
  }
  const problem = checkRecorder(s, c) ?? checkExternalAmount(s, c.amount) ?? checkAgainstStake(s, c.amount);
  if (problem) return refuse(problem);
  const recorded: EventOf<'ExternalRefundRecorded'> = {
    type: 'ExternalRefundRecorded',
    data: { ...ctx.common, refundRef: c.refundRef, amount: c.amount, method: c.method },
  };
  const covers = c.amount.amount === amountAtStake(s).amount;
  return covers ? emit(recorded, ...coveredEnd(ctx, recorded)) : emit(recorded);
};

/** A second ruling's outcome and refund agree with each other, the cap, and the refunds made elsewhere. */
const checkRuleAgain = (s: OpenedDispute, c: CommandOf<'RuleAgain'>): DisputeError | undefined => {
  if (c.outcome === 'SELLER_FAVOUR' && c.refund.amount !== 0) {
    return disputeError('InconsistentRuling', "A ruling in the seller's favour refunds nothing: set the refund to 0.");
  }
  const cap = checkCap(c.refund, s.refundable, 'ruled refund');
  if (cap) return cap;
  if (c.outcome === 'BUYER_FAVOUR' && c.refund.amount === 0) return disputeError('AmountMustBePositive', "A ruling in the buyer's favour refunds more than zero.");
  const elsewhere = money(externallyRefundedOf(s).amount + chargedBackOf(s).amount, s.refundable.currency);
  if (c.refund.amount < elsewhere.amount) {
    return disputeError(
      'RulingBelowExternalRefunds',
      `The buyer already got ${formatMoney(elsewhere)} back elsewhere (refunds made elsewhere and lost chargebacks); a new ruling refunds at least that (in the buyer's favour), not ${formatMoney(c.refund)}.`,
      { refund: c.refund, externallyRefunded: elsewhere },
    );
  }
  return undefined;
};

/**
 * A mediator rules again on a blocked refund: the new ruling replaces the resolution. For the seller
 * the dispute closes; for the buyer the refund is due again, less what was refunded elsewhere (and
 * when that already covers it, the dispute closes).
 */
export const ruleAgain: CommandHandler<'RuleAgain'> = (c, ctx) => {
  const { state: s, common } = ctx;
  if (s.status !== 'REFUND_BLOCKED') return notAllowedInStatus(s, `A mediator rules again only on a blocked refund; the dispute is ${statusText[s.status]}.`);
  const mismatch = liabilityMismatch(c);
  if (mismatch) return refuse(mismatch);
  const problem = checkRuleAgain(s, c);
  if (problem) return refuse(problem);
  const liability = rulingLiability(ctx, c);
  const revised: EventOf<'RulingRevised'> = {
    type: 'RulingRevised',
    data: { ...common, rulingId: c.rulingId, outcome: c.outcome, refund: c.refund, isFullRefund: c.refund.amount === s.refundable.amount, rationale: c.rationale, liability },
  };
  const none = money(0, s.refundable.currency);
  // The close reads who pays from the new ruling (a lost chargeback takes from the hold only the seller's part).
  const revisedState: OpenedDispute = { ...s, resolution: { outcome: c.outcome, basis: 'RULING', refund: c.refund, isFullRefund: revised.data.isFullRefund, at: common.at, liability } };
  if (c.outcome === 'SELLER_FAVOUR') return emit(revised, ...closing(revisedState, common, 'SELLER_FAVOUR', none));
  const elsewhere = externallyRefundedOf(s);
  const covered = c.refund.amount === elsewhere.amount + chargedBackOf(s).amount;
  return covered ? emit(revised, ...closing(revisedState, common, refundOutcome(s, c.refund), none, elsewhere)) : emit(revised);
};
