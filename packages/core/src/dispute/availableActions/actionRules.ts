import { isBefore } from '../../codecs/instant';
import { addDuration } from '../../policy/deadlineArithmetic';
import type { CommandType } from '../commands';
import type { ProposalView } from '../state';
import type { Party } from '../vocabulary';
import type { ActionBounds } from './actionBounds';
import { negotiable, type ActionContext } from './actionContext';
import { proposalAuthor } from '../proposalAuthor';
import { refundStillDue } from '../refundDue';
import { buyerTerms, chargebackBounds, chargebackOutcomeBounds, counterTerms, externalRefundBounds, ruleAgainOptions, rulingOptions } from './amountRanges';

/** When the command is allowed to this actor now: its bounds; otherwise `undefined`. */
type ActionRule<K extends CommandType> = (ctx: ActionContext) => ActionBounds[K] | undefined;

const openProposalsOfOthers = ({ state, role }: ActionContext): ReadonlyArray<ProposalView> =>
  state.proposals.filter((p) => p.status === 'OPEN' && proposalAuthor(p) !== role);

const nonEmpty = <T>(items: ReadonlyArray<T>): ReadonlyArray<T> | undefined => (items.length > 0 ? items : undefined);

const makeProposal: ActionRule<'MakeProposal'> = ({ state: s, role }) => {
  if (!negotiable(s) || (role === 'mediator' && s.status !== 'UNDER_MEDIATION')) return undefined;
  if (role === 'buyer') {
    const limit = s.policy.maxBuyerRevisions;
    if (limit !== 'UNLIMITED' && s.buyerRevisions >= limit) return undefined;
    const terms = nonEmpty(buyerTerms(s));
    return terms && (limit === 'UNLIMITED' ? { terms } : { terms, revisionsLeft: limit - s.buyerRevisions });
  }
  const terms = nonEmpty(counterTerms(s, role === 'mediator' ? 1 : 0));
  return terms && { terms };
};

const acceptProposal: ActionRule<'AcceptProposal'> = (ctx) => {
  if (!negotiable(ctx.state)) return undefined;
  const binding = ctx.state.policy.mediatorProposalBindingOn as ReadonlyArray<string>;
  const proposals = nonEmpty(openProposalsOfOthers(ctx).filter((p) => proposalAuthor(p) !== 'mediator' || binding.includes(ctx.role)));
  return proposals && { proposals };
};

const rejectProposal: ActionRule<'RejectProposal'> = (ctx) => {
  if (!negotiable(ctx.state)) return undefined;
  const proposals = nonEmpty(openProposalsOfOthers(ctx));
  return proposals && { proposals };
};

const submitEvidence: ActionRule<'SubmitEvidence'> = ({ state: s, role }) => {
  const party: Party = role === 'seller' ? 'seller' : 'buyer';
  const limit = s.policy.maxEvidencePerParty;
  if (limit !== 'UNLIMITED' && s.evidenceCount[party] >= limit) return undefined;
  const request = s.openEvidenceRequests.find((r) => r.from === party);
  const remaining = limit === 'UNLIMITED' ? 'UNLIMITED' : limit - s.evidenceCount[party];
  return request === undefined ? { remaining } : { remaining, answersRequest: request };
};

const escalate: ActionRule<'Escalate'> = ({ state: s, role, at, calendar }) => {
  if (role === 'seller' && !s.policy.sellerMayEscalate) return undefined;
  if ((s.status !== 'AWAITING_SELLER' && s.status !== 'AWAITING_BUYER') || !s.policy.manualEscalation) return undefined;
  const earliest = addDuration(s.openedAt, s.policy.escalateEarliestAfter, calendar);
  return isBefore(at, earliest) ? undefined : { earliest };
};

const requestEvidence: ActionRule<'RequestEvidence'> = ({ state: s }) => {
  if (s.status !== 'UNDER_MEDIATION') return undefined;
  const from = nonEmpty((['buyer', 'seller'] as const).filter((p) => !s.openEvidenceRequests.some((r) => r.from === p)));
  return from && { from };
};

const issueRuling: ActionRule<'IssueRuling'> = (ctx) =>
  ctx.state.status === 'UNDER_MEDIATION' && !ctx.state.ruledInRound ? { options: rulingOptions(ctx) } : undefined;

const markReturnShipped: ActionRule<'MarkReturnShipped'> = ({ state: s, at }) => {
  if (s.status !== 'AWAITING_RETURN_SHIPMENT') return undefined;
  const shipment = s.deadlines.find((d) => d.kind === 'RETURN_SHIPMENT');
  if (shipment === undefined) return {};
  return isBefore(at, shipment.dueAt) ? { before: shipment.dueAt } : undefined;
};

const expireDeadline: ActionRule<'ExpireDeadline'> = ({ state: s, at }) => {
  // While a chargeback is open only its REPRESENTMENT deadline fires (decision 0006).
  const firable = s.status === 'CHARGEBACK_OPEN' ? s.deadlines.filter((d) => d.kind === 'REPRESENTMENT') : s.deadlines;
  const due = nonEmpty(firable.filter((d) => !isBefore(at, d.dueAt)));
  return due && { due };
};

/**
 * The rule of every command, keyed by type (process rules §4, as `decide` enforces them). The
 * actor's role and identity and the time order are checked before these run.
 */
export const actionRules: { readonly [K in CommandType]: ActionRule<K> } = {
  OpenDispute: () => undefined, // a dispute in this stream is open already
  MakeProposal: makeProposal,
  AcceptProposal: acceptProposal,
  RejectProposal: rejectProposal,
  SubmitEvidence: submitEvidence,
  PostMessage: () => ({}),
  Escalate: escalate,
  RequestEvidence: requestEvidence,
  IssueRuling: issueRuling,
  CancelDispute: ({ state }) => (state.settled ? undefined : {}),
  MarkReturnShipped: markReturnShipped,
  ConfirmReturnReceived: ({ state }) =>
    state.status === 'AWAITING_RETURN_RECEIPT' ? { conditions: ['AS_EXPECTED', 'NOT_RECEIVED', 'DAMAGED', 'EMPTY_OR_DIFFERENT', 'MISSING_ITEMS'] } : undefined,
  ExpireDeadline: expireDeadline,
  IssueRefund: ({ state }) => (state.status === 'AWAITING_REFUND' && state.resolution !== undefined ? { amount: refundStillDue(state) ?? state.resolution.refund } : undefined),
  RecordRefundFailure: ({ state }) => (state.status === 'AWAITING_REFUND' ? { nextAttempt: state.refundFailures + 1 } : undefined),
  RetryRefund: ({ state }) => (state.status === 'REFUND_BLOCKED' ? {} : undefined),
  RecordExternalRefund: externalRefundBounds,
  RuleAgain: (ctx) => (ctx.state.status === 'REFUND_BLOCKED' ? { options: ruleAgainOptions(ctx) } : undefined),
  RecordChargeback: chargebackBounds,
  RecordChargebackOutcome: chargebackOutcomeBounds,
};
