import * as E from 'fp-ts/lib/Either.js';
import type { ProposalId } from '../../codecs/ids';
import { disputeError, type DisputeError } from '../errors';
import { proposalAuthor, proposalAuthorOfRole, type ProposalAuthor } from '../proposalAuthor';
import type { OpenedDispute, ProposalView } from '../state';
import type { Deadline, Role } from '../vocabulary';
import { checkBuyerAmount, checkCap } from './amounts';
import { acceptance, settle } from './consequences';
import type { CommandHandler, CommandOf, DecideContext } from './context';
import { emit, fail, refuse } from './decision';
import { limitReached, refuseUnlessProposalsOpen } from './wording';

/** A buyer's proposal: the revision limit, the amount rules of §2, and a return exactly in a return dispute. */
const checkBuyerProposal = (s: OpenedDispute, c: CommandOf<'MakeProposal'>): DisputeError | undefined => {
  if (limitReached(s.policy.maxBuyerRevisions, s.buyerRevisions)) {
    return disputeError('RevisionLimitReached', `The buyer may revise the request at most ${String(s.policy.maxBuyerRevisions)} times.`);
  }
  const problem = checkBuyerAmount(s, c.amount);
  if (problem) return problem;
  if (c.returnRequired !== (s.kind === 'RETURN_AND_REFUND')) {
    return disputeError(
      'InconsistentDisputeKind',
      s.kind === 'RETURN_AND_REFUND'
        ? 'In a return-and-refund dispute the buyer\'s proposals include returning the item (returnRequired = true).'
        : 'In a refund-only dispute the buyer\'s proposals do not include a return (returnRequired = false).',
    );
  }
  return undefined;
};

/** A seller's or mediator's proposal: within the cap, and a mediator's above zero. */
const checkOtherProposal = (s: OpenedDispute, c: CommandOf<'MakeProposal'>): DisputeError | undefined => {
  const problem = checkCap(c.amount, s.refundable, 'proposed refund');
  if (problem) return problem;
  if (c.actor.role === 'mediator' && c.amount.amount === 0) {
    return disputeError('AmountMustBePositive', 'A mediator proposes a refund greater than zero; to decide for the seller, issue a ruling.');
  }
  return undefined;
};

/** A return needs an item the buyer received and a refund above zero. */
const checkProposedReturn = (s: OpenedDispute, c: CommandOf<'MakeProposal'>): DisputeError | undefined => {
  if (c.returnRequired && !s.itemReceived) {
    return disputeError('ReturnImpossible', 'The buyer never received the item, so a return cannot be part of the proposal.');
  }
  if (c.returnRequired && c.amount.amount === 0) return disputeError('ReturnImpossible', 'A return must come with a refund greater than zero.');
  return undefined;
};

/** During negotiation a party's proposal starts the other party's response deadline; under mediation none. */
const responseDeadlines = (ctx: DecideContext, by: Role): Deadline[] => {
  if (ctx.state.status === 'UNDER_MEDIATION') return [];
  if (by === 'buyer') return [ctx.timing.deadline('SELLER_RESPONSE', ctx.common.at)];
  if (by === 'seller') return [ctx.timing.deadline('BUYER_RESPONSE', ctx.common.at)];
  return [];
};

/** A party (or, under mediation, a mediator) proposes a settlement, superseding their previous one. */
export const makeProposal: CommandHandler<'MakeProposal'> = (c, ctx) => {
  const s = ctx.state;
  const role = c.actor.role;
  if (s.settled) return fail('AlreadySettled', 'This dispute has already been settled; no new proposals can be made.');
  if (role === 'mediator' && s.status !== 'UNDER_MEDIATION') {
    return fail('NotUnderMediation', 'A mediator can only make proposals once the dispute is under mediation.');
  }
  const closed = refuseUnlessProposalsOpen(s, 'made');
  if (closed) return closed;
  if (s.seen.proposalIds.has(c.proposalId)) return fail('DuplicateProposalId', `A proposal with id ${c.proposalId} already exists in this dispute.`);
  const problem = (role === 'buyer' ? checkBuyerProposal(s, c) : checkOtherProposal(s, c)) ?? checkProposedReturn(s, c);
  if (problem) return refuse(problem);
  const previous = s.currentProposals[proposalAuthorOfRole(role)];
  return emit({
    type: 'ProposalMade',
    data: {
      ...ctx.common,
      proposalId: c.proposalId,
      amount: c.amount,
      returnRequired: c.returnRequired,
      deadlines: responseDeadlines(ctx, role),
      ...(c.returnShippingPaidBy === undefined ? {} : { returnShippingPaidBy: c.returnShippingPaidBy }),
      ...(c.note === undefined ? {} : { note: c.note }),
      ...(previous === undefined ? {} : { supersedes: previous }),
    },
  });
};

/** The proposal of that id, if it exists and is still open. */
const findCurrentProposal = (s: OpenedDispute, proposalId: ProposalId): E.Either<DisputeError, ProposalView> => {
  const proposal = s.proposals.find((p) => p.proposalId === proposalId);
  if (proposal === undefined) {
    return E.left(disputeError('UnknownProposal', `There is no proposal ${proposalId} in this dispute.`));
  }
  if (proposal.status !== 'OPEN') {
    return E.left(
      disputeError('ProposalNotCurrent', `Proposal ${proposalId} is no longer current (it was ${proposal.status.toLowerCase()}).`, {
        status: proposal.status,
      }),
    );
  }
  return E.right(proposal);
};

/** A mediator's proposal settles the dispute only when the policy makes the accepting party's acceptance binding. */
const checkBinding = (s: OpenedDispute, author: ProposalAuthor, role: Role): DisputeError | undefined => {
  if (author === 'mediator' && role === 'seller' && !s.policy.mediatorProposalBindingOn.includes('seller')) {
    return disputeError(
      'AcceptanceNotBinding',
      `Under the ${s.policy.name} policy the seller's acceptance of a mediator's proposal does not settle the dispute; the buyer must accept it, or the mediator rules.`,
    );
  }
  if (author === 'mediator' && role === 'buyer' && !s.policy.mediatorProposalBindingOn.includes('buyer')) {
    return disputeError(
      'AcceptanceNotBinding',
      `Under the ${s.policy.name} policy the buyer's acceptance of a mediator's proposal does not settle the dispute.`,
    );
  }
  return undefined;
};

/** The other party accepts a current proposal: the agreement settles the dispute. */
export const acceptProposal: CommandHandler<'AcceptProposal'> = (c, ctx) => {
  const s = ctx.state;
  if (s.settled) return fail('AlreadySettled', 'This dispute has already been settled by an agreement or a ruling.');
  const closed = refuseUnlessProposalsOpen(s, 'accepted');
  if (closed) return closed;
  const found = findCurrentProposal(s, c.proposalId);
  if (E.isLeft(found)) return found;
  const proposal = found.right;
  const author = proposalAuthor(proposal);
  if (author === c.actor.role) {
    return fail('CannotAcceptOwnProposal', 'You cannot accept your own proposal; the other party has to accept it.');
  }
  const notBinding = checkBinding(s, author, c.actor.role);
  if (notBinding) return refuse(notBinding);
  return emit(acceptance(ctx.common, proposal), ...settle(ctx, proposal, 'AGREEMENT'));
};

/** The other party rejects a current proposal: during negotiation the turn passes back. */
export const rejectProposal: CommandHandler<'RejectProposal'> = (c, ctx) => {
  const s = ctx.state;
  if (s.settled) return fail('AlreadySettled', 'This dispute has already been settled; proposals can no longer be rejected.');
  const closed = refuseUnlessProposalsOpen(s, 'rejected');
  if (closed) return closed;
  const found = findCurrentProposal(s, c.proposalId);
  if (E.isLeft(found)) return found;
  if (proposalAuthor(found.right) === c.actor.role) {
    return fail('CannotRejectOwnProposal', 'You cannot reject your own proposal; make a new one to replace it.');
  }
  const deadlines =
    s.status === 'UNDER_MEDIATION'
      ? []
      : c.actor.role === 'seller'
        ? [ctx.timing.deadline('BUYER_RESPONSE', c.at)]
        : [ctx.timing.deadline('SELLER_RESPONSE', c.at)];
  return emit({
    type: 'ProposalRejected',
    data: { ...ctx.common, proposalId: c.proposalId, deadlines, ...(c.note === undefined ? {} : { note: c.note }) },
  });
};
