import { zero, type Money } from '../../money/money';
import type { DisputeEvent, EscalationReason, EventOf, ResolutionBasis } from '../events';
import type { ProposalAuthor } from '../proposalAuthor';
import { chargedBackOf } from '../chargebacks';
import type { OpenedDispute, ProposalView } from '../state';
import type { Party } from '../vocabulary';
import type { CommonFields, DecideContext } from './context';
import type { Liability } from '../liability';
import { resolutionLiability } from './liability';
import { closing } from './payoutHold';

/** The terms an agreement or a ruling settles on. */
export interface SettlementTerms {
  readonly amount: Money;
  readonly returnRequired: boolean;
  readonly returnShippingPaidBy?: Party | undefined;
}

/** Nothing, in the dispute's currency (a resolution for the seller refunds this). */
export const nothingRefunded = (s: OpenedDispute): Money => zero(s.refundable.currency);

/**
 * The resolution: `Resolved` with who pays its refund (`ruled`: the liability of a ruling in the same
 * command), and the closing too when it refunds nothing, or when lost chargebacks already gave the
 * buyer all of it back (decision 0006: the gateway then owes nothing).
 */
export const resolve = ({ state: s, common }: DecideContext, refund: Money, basis: ResolutionBasis, ruled?: Liability): DisputeEvent[] => {
  const outcome = refund.amount > 0 ? 'BUYER_FAVOUR' : 'SELLER_FAVOUR';
  const liability = resolutionLiability(s, refund, basis, ruled);
  const isFullRefund = refund.amount === s.refundable.amount;
  const resolved: EventOf<'Resolved'> = { type: 'Resolved', data: { ...common, outcome, basis, refund, isFullRefund, liability } };
  // The close reads who pays from this resolution: a lost chargeback takes from the hold only the seller's part.
  const settled: OpenedDispute = { ...s, resolution: { outcome, basis, refund, isFullRefund, at: common.at, liability } };
  if (refund.amount === 0) return [resolved, ...closing(settled, common, 'SELLER_FAVOUR', refund)];
  const lost = chargedBackOf(s);
  if (lost.amount < refund.amount) return [resolved];
  return [resolved, ...closing(settled, common, lost.amount === s.refundable.amount ? 'REFUNDED_FULL' : 'REFUNDED_PARTIAL', zero(s.refundable.currency))];
};

/** After an agreement or ruling (`ruled`: its liability): a return first when the terms need one, else the resolution. */
export const settle = (ctx: DecideContext, terms: SettlementTerms, basis: ResolutionBasis, ruled?: Liability): DisputeEvent[] =>
  terms.returnRequired && terms.amount.amount > 0
    ? [
        {
          type: 'ReturnRequested',
          data: {
            ...ctx.common,
            refund: terms.amount,
            basis,
            deadlines: [ctx.timing.deadline('RETURN_SHIPMENT', ctx.common.at)],
            ...(terms.returnShippingPaidBy === undefined ? {} : { returnShippingPaidBy: terms.returnShippingPaidBy }),
          },
        },
      ]
    : resolve(ctx, terms.amount, basis, ruled);

/** The acceptance of a proposal, by its addressee or by the system on a silent party's behalf. */
export const acceptance = (common: CommonFields, p: ProposalView, onBehalfOf?: Party): EventOf<'ProposalAccepted'> => ({
  type: 'ProposalAccepted',
  data: {
    ...common,
    proposalId: p.proposalId,
    amount: p.amount,
    returnRequired: p.returnRequired,
    ...(p.returnShippingPaidBy === undefined ? {} : { returnShippingPaidBy: p.returnShippingPaidBy }),
    ...(onBehalfOf === undefined ? {} : { onBehalfOf }),
  },
});

/** The dispute goes to mediation. */
export const escalation = (common: CommonFields, reason: EscalationReason, note?: string): EventOf<'Escalated'> => ({
  type: 'Escalated',
  data: { ...common, reason, ...(note === undefined ? {} : { note }) },
});

/** The current proposal of an author, if any. */
export const currentProposal = (s: OpenedDispute, author: ProposalAuthor): ProposalView | undefined => {
  const id = s.currentProposals[author];
  return id === undefined ? undefined : s.proposals.find((p) => p.proposalId === id);
};
