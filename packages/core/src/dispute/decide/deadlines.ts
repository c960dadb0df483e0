import { isBefore } from '../../codecs/instant';
import type { Identifier } from '../../codecs/ids';
import type { DisputeEvent, EventOf } from '../events';
import type { OpenedDispute } from '../state';
import type { Deadline, DeadlineKind } from '../vocabulary';
import { acceptance, currentProposal, escalation, nothingRefunded, resolve, settle, type SettlementTerms } from './consequences';
import type { CommandHandler, DecideContext } from './context';
import { heldDeadline } from './chargebacks';
import { emit, fail, refuse } from './decision';
import { refundBlocked } from './refundBlocked';
import { closing } from './payoutHold';
import { rulingLiability } from './liability';

/** What the expiry of one kind of deadline causes, after its `DeadlineExpired` (process rules §6). */
export type ExpiryConsequence = (ctx: DecideContext, expired: Deadline) => DisputeEvent[];

/** The terms a ruling against a silent party gives, in its mediation round. */
const termsAgainst = (s: OpenedDispute, silent: 'buyer' | 'seller'): SettlementTerms => {
  if (silent === 'buyer') return { amount: nothingRefunded(s), returnRequired: false };
  if ((s.mediationRound ?? 'DISPUTE') === 'RETURN') return { amount: s.pendingReturn?.refund ?? s.refundable, returnRequired: false };
  const buyerRequest = currentProposal(s, 'buyer');
  return {
    amount: buyerRequest?.amount ?? s.refundable,
    returnRequired: buyerRequest?.returnRequired ?? false,
    returnShippingPaidBy: buyerRequest?.returnShippingPaidBy,
  };
};

/** Under `autoRuleAgainstSilentParty`: the system rules against the party who let an evidence request lapse. */
const ruleAgainstSilentParty: ExpiryConsequence = (ctx, expired) => {
  const s = ctx.state;
  const request = s.openEvidenceRequests.find((r) => r.from === expired.party);
  const silent = expired.party === 'seller' ? 'seller' : 'buyer';
  const terms = termsAgainst(s, silent);
  const outcome = silent === 'buyer' ? 'SELLER_FAVOUR' : 'BUYER_FAVOUR';
  const liability = rulingLiability(ctx, { outcome, refund: terms.amount }, silent === 'seller');
  const ruling: EventOf<'RulingIssued'> = {
    type: 'RulingIssued',
    data: {
      ...ctx.common,
      rulingId: `auto-${request?.requestId ?? expired.dueAt}` as Identifier,
      outcome,
      refund: terms.amount,
      returnRequired: terms.returnRequired,
      rationale: `The ${silent} did not answer the evidence request by ${expired.dueAt}; under the ${s.policy.name} policy the mediation rules against the silent party.`,
      round: s.mediationRound ?? 'DISPUTE',
      ...(terms.returnShippingPaidBy === undefined ? {} : { returnShippingPaidBy: terms.returnShippingPaidBy }),
      liability,
    },
  };
  return [ruling, ...settle(ctx, terms, 'RULING', liability)];
};

/** The seller's silence accepts the buyer's open request, or escalates (`onSellerSilence`). */
const afterSellerSilence: ExpiryConsequence = (ctx) => {
  const request = currentProposal(ctx.state, 'buyer');
  if (ctx.state.policy.onSellerSilence === 'ESCALATE' || request === undefined || request.status !== 'OPEN') {
    return [escalation(ctx.common, 'SELLER_SILENCE')];
  }
  return [acceptance(ctx.common, request, 'seller'), ...settle(ctx, request, 'SELLER_SILENCE')];
};

/** The buyer's silence closes for the seller, accepts the seller's standing offer, or escalates (`onBuyerSilence`). */
const afterBuyerSilence: ExpiryConsequence = (ctx) => {
  const policy = ctx.state.policy;
  if (policy.onBuyerSilence === 'CLOSE_SELLER_FAVOUR') return resolve(ctx, nothingRefunded(ctx.state), 'BUYER_SILENCE');
  const offer = currentProposal(ctx.state, 'seller');
  if (policy.onBuyerSilence === 'ACCEPT_STANDING_OFFER' && offer !== undefined && offer.status === 'OPEN') {
    return [acceptance(ctx.common, offer, 'buyer'), ...settle(ctx, offer, 'BUYER_SILENCE')];
  }
  return [escalation(ctx.common, 'BUYER_SILENCE')];
};

/**
 * What each deadline's expiry causes. A new deadline kind does not compile until it is given a
 * consequence here.
 */
export const expiryConsequences: { readonly [K in DeadlineKind]: ExpiryConsequence } = {
  SELLER_RESPONSE: afterSellerSilence,
  BUYER_RESPONSE: afterBuyerSilence,
  NEGOTIATION_WINDOW: ({ state: s, common }) =>
    s.policy.onNegotiationExpiry === 'ESCALATE'
      ? [escalation(common, 'NEGOTIATION_EXPIRED')]
      : [
          { type: 'DisputeCancelled', data: { ...common, reason: 'NEGOTIATION_EXPIRED' } },
          ...closing(s, common, 'CANCELLED_BY_BUYER', s.refunded),
        ],
  EVIDENCE_REQUEST: (ctx, expired) =>
    ctx.state.policy.autoRuleAgainstSilentParty && !ctx.state.ruledInRound && expired.party !== undefined
      ? ruleAgainstSilentParty(ctx, expired)
      : [],
  RETURN_SHIPMENT: (ctx) => resolve(ctx, nothingRefunded(ctx.state), 'RETURN_NOT_SHIPPED'),
  RETURN_RECEIPT: (ctx) =>
    ctx.state.policy.onReturnReceiptSilence === 'AUTO_REFUND'
      ? resolve(ctx, ctx.state.pendingReturn?.refund ?? ctx.state.refundable, 'RETURN_RECEIPT_SILENCE')
      : [escalation(ctx.common, 'RETURN_RECEIPT_SILENCE')],
  REFUND_DUE: (ctx) => [refundBlocked(ctx, 'REFUND_OVERDUE', ctx.state.refundFailures)],
  // The card network decides a chargeback, not the marketplace: the answer's due date passing is only recorded (decision 0006).
  REPRESENTMENT: () => [],
};

/**
 * The scheduler says a deadline is due: if that deadline is running and due, `DeadlineExpired` and
 * its consequence; early, stale or repeated ones are refused and do nothing.
 */
export const expireDeadline: CommandHandler<'ExpireDeadline'> = (c, ctx) => {
  const candidates = ctx.state.deadlines.filter((d) => d.kind === c.kind && (c.party === undefined || d.party === c.party));
  const running = candidates.find((d) => d.dueAt === c.dueAt);
  if (running === undefined) {
    return fail(
      'DeadlineNotActive',
      candidates.length === 0
        ? `No ${c.kind} deadline is running.`
        : `The ${c.kind} deadline running now falls due at ${candidates.map((d) => d.dueAt).join(', ')}, not ${c.dueAt}.`,
      { kind: c.kind, dueAt: c.dueAt },
    );
  }
  if (isBefore(c.at, running.dueAt)) {
    return fail('DeadlineNotDue', `The ${c.kind} deadline falls due at ${running.dueAt}; it is only ${c.at}.`, { dueAt: running.dueAt });
  }
  const held = heldDeadline(ctx.state, running.kind);
  if (held) return refuse(held);
  const expired: EventOf<'DeadlineExpired'> = {
    type: 'DeadlineExpired',
    data: { ...ctx.common, kind: running.kind, dueAt: running.dueAt, ...(running.party === undefined ? {} : { party: running.party }) },
  };
  return emit(expired, ...expiryConsequences[running.kind](ctx, running));
};
