import { money } from '../../money/money';
import { liabilityPolicyOf } from '../../policy/liabilityPolicy';
import { rulingLiability } from '../decide/liability';
import { timingFor } from '../decide/timing';
import { chargedBackOf, openChargebackOf } from '../chargebacks';
import { amountAtStake, externallyRefundedOf, refundIsDue, stillRefundable } from '../refundDue';
import type { OpenedDispute } from '../state';
import type { RulingOutcome } from '../vocabulary';
import type { ActionBounds, AmountRange, ProposalTerms, RulingLiabilityBounds, RulingOption } from './actionBounds';
import type { ActionContext } from './actionContext';

const range = (s: OpenedDispute, min: number, max: number): AmountRange | undefined =>
  min <= max ? { min, max, currency: s.refundable.currency } : undefined;

/** The amounts a buyer may ask for (process rules §2), or `undefined` when none fits. */
export const buyerAmountRange = (s: OpenedDispute): AmountRange | undefined => {
  const full = s.refundable.amount;
  const fullOnly = s.reason.group === 'NOT_RECEIVED' || (s.kind === 'RETURN_AND_REFUND' && !s.policy.allowPartialOnReturn);
  if (fullOnly) return range(s, full, full);
  const partialOnly = s.kind === 'REFUND_ONLY' && s.itemReceived && s.policy.strictPartialForKeptItem;
  return range(s, 1, partialOnly ? full - 1 : full);
};

/** The terms a buyer may propose: the return is fixed by the dispute's kind. */
export const buyerTerms = (s: OpenedDispute): ReadonlyArray<ProposalTerms> => {
  const amount = buyerAmountRange(s);
  const returnRequired = s.kind === 'RETURN_AND_REFUND';
  if (amount === undefined || (returnRequired && !s.itemReceived)) return [];
  return [{ returnRequired, amount }];
};

/** The terms a seller (from 0) or a mediator (from 1) may propose; a return only for a received item, with a refund. */
export const counterTerms = (s: OpenedDispute, minimum: 0 | 1): ReadonlyArray<ProposalTerms> => {
  const full = s.refundable.amount;
  const withoutReturn = range(s, minimum, full);
  const withReturn = s.itemReceived ? range(s, 1, full) : undefined;
  return [
    ...(withoutReturn === undefined ? [] : [{ returnRequired: false, amount: withoutReturn }]),
    ...(withReturn === undefined ? [] : [{ returnRequired: true, amount: withReturn }]),
  ];
};

/**
 * Who would pay a ruling of `outcome` over `refund` given without a split, as `decide` would record
 * it at the question's instant (the policy's default party, or one of its cover rules holding now).
 */
const liabilityBounds = (ctx: ActionContext, outcome: RulingOutcome, refund: AmountRange): RulingLiabilityBounds => {
  const timing = timingFor(ctx.state.policy, ctx.calendar);
  const ruled = rulingLiability({ state: ctx.state, timing, common: { at: ctx.at } }, { outcome, refund: money(refund.max, refund.currency) });
  return { withoutSplit: { payer: ruled.cause === 'POLICY_DEFAULT' ? liabilityPolicyOf(ctx.state.policy).default : 'PLATFORM', cause: ruled.cause } };
};

/** A ruling option with the liability it would carry. */
const option = (ctx: ActionContext, outcome: RulingOutcome, returnRequired: boolean, refund: AmountRange): RulingOption => ({
  outcome,
  returnRequired,
  refund,
  liability: liabilityBounds(ctx, outcome, refund),
});

/** The rulings a mediator may issue: for the seller (nothing refunded), or for the buyer (with a return where possible). */
export const rulingOptions = (ctx: ActionContext): ReadonlyArray<RulingOption> => {
  const s = ctx.state;
  const positive = range(s, 1, s.refundable.amount);
  const returnPossible = s.itemReceived && (s.mediationRound ?? 'DISPUTE') !== 'RETURN';
  return [
    option(ctx, 'SELLER_FAVOUR', false, range(s, 0, 0)!),
    ...(positive === undefined ? [] : [option(ctx, 'BUYER_FAVOUR', false, positive)]),
    ...(positive !== undefined && returnPossible ? [option(ctx, 'BUYER_FAVOUR', true, positive)] : []),
  ];
};

/** A refund made elsewhere: partial once the refund is due, else exactly what is at stake; a mediator only for a blocked refund. */
export const externalRefundBounds = ({ state: s, role }: ActionContext): ActionBounds['RecordExternalRefund'] | undefined => {
  if (role === 'mediator' && s.status !== 'REFUND_BLOCKED') return undefined;
  const covers = amountAtStake(s).amount;
  const amount = range(s, refundIsDue(s) ? 1 : covers, Math.min(covers, stillRefundable(s).amount));
  return amount === undefined || covers === 0 ? undefined : { amount, covers };
};

/** The rulings a mediator may give again on a blocked refund: never below what the buyer got back elsewhere (lost chargebacks included). */
export const ruleAgainOptions = (ctx: ActionContext): ReadonlyArray<RulingOption> => {
  const s = ctx.state;
  const elsewhere = externallyRefundedOf(s).amount + chargedBackOf(s).amount;
  const positive = range(s, Math.max(1, elsewhere), s.refundable.amount);
  return [
    ...(elsewhere === 0 ? [option(ctx, 'SELLER_FAVOUR', false, range(s, 0, 0)!)] : []),
    ...(positive === undefined ? [] : [option(ctx, 'BUYER_FAVOUR', false, positive)]),
  ];
};

/** A new chargeback: more than zero, up to what may still go back to the buyer; none while one is open. */
export const chargebackBounds = ({ state: s, at }: ActionContext): ActionBounds['RecordChargeback'] | undefined => {
  if (openChargebackOf(s) !== undefined) return undefined;
  const amount = range(s, 1, stillRefundable(s).amount);
  return amount === undefined ? undefined : { amount, dueAfter: at };
};

/** The decision on the open chargeback: a loss of up to its amount (a win gives back 0). */
export const chargebackOutcomeBounds = ({ state: s }: ActionContext): ActionBounds['RecordChargebackOutcome'] | undefined => {
  const open = openChargebackOf(s);
  return open === undefined || s.status !== 'CHARGEBACK_OPEN' ? undefined : { caseId: open.caseId, lost: range(s, 1, open.amount.amount)! };
};
