import { isBefore } from '../../codecs/instant';
import { formatDuration } from '../../policy/duration';
import { disputeError, type DisputeError } from '../errors';
import type { EventOf } from '../events';
import type { OpenedDispute } from '../state';
import { checkCap } from './amounts';
import { liabilityMismatch, rulingLiability } from './liability';
import { escalation, settle } from './consequences';
import type { CommandHandler, CommandOf } from './context';
import { emit, fail, refuse } from './decision';
import { notAllowedInStatus, statusText } from './wording';

/** A party asks the platform to mediate, if the policy lets them and not too early. */
export const escalate: CommandHandler<'Escalate'> = (c, { state: s, common, timing }) => {
  if (c.actor.role === 'seller' && !s.policy.sellerMayEscalate) {
    return fail('NotPermitted', `Under the ${s.policy.name} policy only the buyer can ask the platform to step in.`);
  }
  if (s.status !== 'AWAITING_SELLER' && s.status !== 'AWAITING_BUYER') {
    return notAllowedInStatus(s, `The dispute can only be escalated during negotiation; it is ${statusText[s.status]}.`);
  }
  if (!s.policy.manualEscalation) {
    return fail('ManualEscalationDisabled', `Under the ${s.policy.name} policy the platform steps in automatically when the negotiation window ends.`);
  }
  const earliest = timing.due(s.openedAt, s.policy.escalateEarliestAfter);
  if (isBefore(c.at, earliest)) {
    return fail(
      'EscalationTooEarly',
      `The platform can be asked to step in from ${earliest} (${formatDuration(s.policy.escalateEarliestAfter)} after the dispute opened); please try to agree with the other party until then.`,
      { earliest },
    );
  }
  return emit(escalation(common, c.actor.role === 'seller' ? 'SELLER_REQUEST' : 'BUYER_REQUEST', c.note));
};

/** A mediator asks one party for evidence, starting that party's `EVIDENCE_REQUEST` deadline. */
export const requestEvidence: CommandHandler<'RequestEvidence'> = (c, { state: s, common, timing }) => {
  if (s.status !== 'UNDER_MEDIATION') return fail('NotUnderMediation', 'Evidence can only be requested while the dispute is under mediation.');
  if (s.seen.requestIds.has(c.requestId)) return fail('DuplicateRequestId', `An evidence request ${c.requestId} already exists.`);
  if (s.openEvidenceRequests.some((r) => r.from === c.from)) {
    return fail('EvidenceRequestAlreadyOpen', `The ${c.from} already has an open evidence request; wait for the answer or the deadline.`);
  }
  return emit({
    type: 'EvidenceRequested',
    data: {
      ...common,
      requestId: c.requestId,
      from: c.from,
      description: c.description,
      deadlines: [timing.deadline('EVIDENCE_REQUEST', c.at, c.from)],
    },
  });
};

/** A ruling's outcome, refund and return must agree with each other, the cap and the mediation round. */
const checkRuling = (s: OpenedDispute, c: CommandOf<'IssueRuling'>): DisputeError | undefined => {
  if (c.outcome === 'SELLER_FAVOUR' && c.refund.amount !== 0) {
    return disputeError('InconsistentRuling', 'A ruling in the seller\'s favour refunds nothing: set the refund to 0.');
  }
  if (c.outcome === 'SELLER_FAVOUR' && c.returnRequired) return disputeError('InconsistentRuling', 'A ruling in the seller\'s favour cannot require a return.');
  const cap = checkCap(c.refund, s.refundable, 'ruled refund');
  if (cap) return cap;
  if (c.outcome === 'BUYER_FAVOUR' && c.refund.amount === 0) {
    return disputeError('AmountMustBePositive', 'A ruling in the buyer\'s favour refunds more than zero.');
  }
  if (c.returnRequired && (s.mediationRound ?? 'DISPUTE') === 'RETURN') {
    return disputeError('InconsistentRuling', 'This mediation is about a return that already happened; a new return cannot be required.');
  }
  if (c.returnRequired && !s.itemReceived) return disputeError('ReturnImpossible', 'The buyer never received the item, so a return cannot be required.');
  return liabilityMismatch(c);
};

/** A mediator decides the dispute; binding and one-time per mediation round. */
export const issueRuling: CommandHandler<'IssueRuling'> = (c, ctx) => {
  const s = ctx.state;
  if (s.status !== 'UNDER_MEDIATION') return fail('NotUnderMediation', 'A ruling can only be issued while the dispute is under mediation.');
  if (s.ruledInRound) return fail('RulingAlreadyIssued', 'A ruling has already been issued in this mediation round; it is binding.');
  const problem = checkRuling(s, c);
  if (problem) return refuse(problem);
  const liability = rulingLiability(ctx, c);
  const ruling: EventOf<'RulingIssued'> = {
    type: 'RulingIssued',
    data: {
      ...ctx.common,
      rulingId: c.rulingId,
      outcome: c.outcome,
      refund: c.refund,
      returnRequired: c.returnRequired,
      rationale: c.rationale,
      round: s.mediationRound ?? 'DISPUTE',
      ...(c.returnShippingPaidBy === undefined ? {} : { returnShippingPaidBy: c.returnShippingPaidBy }),
      liability,
    },
  };
  const terms = { amount: c.refund, returnRequired: c.returnRequired, returnShippingPaidBy: c.returnShippingPaidBy };
  return emit(ruling, ...settle(ctx, terms, 'RULING', liability));
};
