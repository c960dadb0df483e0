import * as E from 'fp-ts/lib/Either.js';
import { assertNever } from '../codecs/assertNever';
import { isBefore, type Instant } from '../codecs/instant';
import type { Identifier, ProposalId } from '../codecs/ids';
import { formatMoney, type Money } from '../money/money';
import { businessCalendarFrom, type BusinessCalendar } from '../policy/businessCalendar';
import { addDuration } from '../policy/deadlineArithmetic';
import { formatDuration, type Duration } from '../policy/duration';
import type { DisputePolicy, WindowAnchor } from '../policy/policy';
import { policies } from '../policy/presets';
import type {
  AcceptProposal,
  CancelDispute,
  ConfirmReturnReceived,
  DisputeCommand,
  Escalate,
  ExpireDeadline,
  IssueRefund,
  IssueRuling,
  MakeProposal,
  MarkReturnShipped,
  OpenDispute,
  PostMessage,
  RecordRefundFailure,
  RejectProposal,
  RequestEvidence,
  SubmitEvidence,
} from './commands';
import { disputeError, type DisputeError, type DisputeErrorTag } from './errors';
import type { DisputeEvent, EscalationReason, EventOf, ResolutionBasis } from './events';
import type { DisputeState, OpenedDispute, ProposalView } from './state';
import { windowAnchorInstant } from './windowAnchor';
import type { Actor, Deadline, DeadlineKind, Party, Role } from './vocabulary';

/** The result of a decision: the refusal, or the events to append (possibly none). */
export type Decision = E.Either<DisputeError, ReadonlyArray<DisputeEvent>>;

/** Options of `makeDecide`. */
export interface DecideOptions {
  /**
   * The business calendar for `businessDays` durations. By default each dispute uses the calendar
   * data stored in its policy (weekends and holidays), which keeps replays deterministic.
   */
  readonly calendar?: BusinessCalendar;
}

type Fail = (tag: DisputeErrorTag, message: string, details?: Readonly<Record<string, unknown>>) => Decision;
const fail: Fail = (tag, message, details) => E.left(disputeError(tag, message, details));
const emit = (...events: DisputeEvent[]): Decision => E.right(events);

/** The roles allowed to send each command (process rules §4). */
export const allowedRoles: Readonly<Record<DisputeCommand['type'], ReadonlyArray<Role>>> = {
  OpenDispute: ['buyer'],
  MakeProposal: ['buyer', 'seller', 'mediator'],
  AcceptProposal: ['buyer', 'seller'],
  RejectProposal: ['buyer', 'seller'],
  SubmitEvidence: ['buyer', 'seller'],
  PostMessage: ['buyer', 'seller'],
  Escalate: ['buyer', 'seller'],
  RequestEvidence: ['mediator'],
  IssueRuling: ['mediator'],
  CancelDispute: ['buyer'],
  MarkReturnShipped: ['buyer'],
  ConfirmReturnReceived: ['seller'],
  ExpireDeadline: ['system'],
  IssueRefund: ['system'],
  RecordRefundFailure: ['system'],
};

const statusText: Record<OpenedDispute['status'], string> = {
  AWAITING_SELLER: 'waiting for the seller',
  AWAITING_BUYER: 'waiting for the buyer',
  UNDER_MEDIATION: 'under mediation',
  AWAITING_RETURN_SHIPMENT: 'waiting for the buyer to ship the return',
  AWAITING_RETURN_RECEIPT: 'waiting for the seller to confirm the return',
  AWAITING_REFUND: 'waiting for the refund to be paid',
  CLOSED: 'closed',
};

const limitReached = (limit: number | 'UNLIMITED', count: number): boolean => limit !== 'UNLIMITED' && count >= limit;

const anchorText: Record<WindowAnchor, string> = {
  PAID_AT: 'payment',
  SHIPPED_AT: 'shipment',
  DELIVERED_AT: 'delivery',
  DELIVERY_DEADLINE: 'the delivery deadline',
  RECEIPT_OR_DELIVERY_DEADLINE: 'receipt (or the delivery deadline)',
};

/** The slice of a dispute that the amount rules of §2 depend on. */
interface AmountContext {
  readonly kind: OpenedDispute['kind'];
  readonly itemReceived: boolean;
  readonly reason: OpenedDispute['reason'];
  readonly policy: DisputePolicy;
  readonly refundable: Money;
}

/** Checks an amount against the dispute's currency and refundable cap. */
const checkCap = (amount: Money, refundable: Money, what: string): DisputeError | undefined => {
  if (amount.currency !== refundable.currency) {
    return disputeError('CurrencyMismatch', `The ${what} is in ${amount.currency}, but this dispute is in ${refundable.currency}.`, {
      expected: refundable.currency,
      actual: amount.currency,
    });
  }
  if (amount.amount > refundable.amount) {
    return disputeError(
      'RefundExceedsRefundable',
      `The ${what} of ${formatMoney(amount)} is more than the ${formatMoney(refundable)} that can still be refunded for this order.`,
      { amount, refundable },
    );
  }
  return undefined;
};

/** The buyer's amount rules (§2), for the opening request and every buyer revision. */
const checkBuyerAmount = (ctx: AmountContext, amount: Money): DisputeError | undefined => {
  const cap = checkCap(amount, ctx.refundable, 'requested refund');
  if (cap) return cap;
  if (amount.amount === 0) return disputeError('AmountMustBePositive', 'The buyer must ask for a refund greater than zero.');
  const full = amount.amount === ctx.refundable.amount;
  if (ctx.reason.group === 'NOT_RECEIVED' && !full) {
    return disputeError('FullRefundRequired', `An item that never arrived is refunded in full: ask for ${formatMoney(ctx.refundable)}.`, {
      refundable: ctx.refundable,
    });
  }
  if (ctx.kind === 'RETURN_AND_REFUND' && !ctx.policy.allowPartialOnReturn && !full) {
    return disputeError('FullRefundRequired', `A returned item is refunded in full: ask for ${formatMoney(ctx.refundable)}.`, {
      refundable: ctx.refundable,
    });
  }
  if (ctx.kind === 'REFUND_ONLY' && ctx.itemReceived && ctx.policy.strictPartialForKeptItem && full) {
    return disputeError(
      'PartialRefundRequired',
      `A buyer who keeps the item can only ask for part of the price: less than ${formatMoney(ctx.refundable)}.`,
      { refundable: ctx.refundable },
    );
  }
  return undefined;
};

/** Builds the decision function, with an optional business calendar. */
export const makeDecide = (options: DecideOptions = {}) => {
  const calendarOf = (policy: DisputePolicy): BusinessCalendar => options.calendar ?? businessCalendarFrom(policy.businessCalendar);
  const due = (policy: DisputePolicy, from: Instant, duration: Duration): Instant => addDuration(from, duration, calendarOf(policy));
  const deadline = (policy: DisputePolicy, kind: DeadlineKind, at: Instant, party?: Party): Deadline => {
    const durations = policy.deadlines;
    const duration =
      kind === 'SELLER_RESPONSE'
        ? durations.sellerResponse
        : kind === 'BUYER_RESPONSE'
          ? durations.buyerResponse
          : kind === 'NEGOTIATION_WINDOW'
            ? durations.negotiationWindow
            : kind === 'EVIDENCE_REQUEST'
              ? durations.evidenceRequest
              : kind === 'RETURN_SHIPMENT'
                ? durations.returnShipment
                : durations.returnReceipt;
    const dueAt = due(policy, at, duration);
    return party === undefined ? { kind, dueAt } : { kind, dueAt, party };
  };

  // ---------------------------------------------------------------- shared consequences

  type Common = { disputeId: OpenedDispute['disputeId']; at: Instant; by: Actor; commandId: DisputeCommand['commandId'] };

  const resolve = (s: OpenedDispute, common: Common, refund: Money, basis: ResolutionBasis): DisputeEvent[] => {
    const outcome = refund.amount > 0 ? 'BUYER_FAVOUR' : 'SELLER_FAVOUR';
    const resolved: EventOf<'Resolved'> = {
      type: 'Resolved',
      data: { ...common, outcome, basis, refund, isFullRefund: refund.amount === s.refundable.amount },
    };
    return refund.amount > 0
      ? [resolved]
      : [resolved, { type: 'DisputeClosed', data: { ...common, outcome: 'SELLER_FAVOUR', refunded: refund } }];
  };

  /** After an agreement or ruling: a return first when the terms need one, else the resolution. */
  const settle = (
    s: OpenedDispute,
    common: Common,
    terms: { amount: Money; returnRequired: boolean; returnShippingPaidBy?: Party | undefined },
    basis: ResolutionBasis,
  ): DisputeEvent[] =>
    terms.returnRequired && terms.amount.amount > 0
      ? [
          {
            type: 'ReturnRequested',
            data: {
              ...common,
              refund: terms.amount,
              basis,
              deadlines: [deadline(s.policy, 'RETURN_SHIPMENT', common.at)],
              ...(terms.returnShippingPaidBy === undefined ? {} : { returnShippingPaidBy: terms.returnShippingPaidBy }),
            },
          },
        ]
      : resolve(s, common, terms.amount, basis);

  const acceptance = (common: Common, p: ProposalView, onBehalfOf?: Party): EventOf<'ProposalAccepted'> => ({
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

  const escalation = (common: Common, reason: EscalationReason, note?: string): EventOf<'Escalated'> => ({
    type: 'Escalated',
    data: { ...common, reason, ...(note === undefined ? {} : { note }) },
  });

  const currentProposal = (s: OpenedDispute, author: 'buyer' | 'seller' | 'mediator'): ProposalView | undefined => {
    const id = s.currentProposals[author];
    return id === undefined ? undefined : s.proposals.find((p) => p.proposalId === id);
  };

  const authorOf = (p: ProposalView): 'buyer' | 'seller' | 'mediator' =>
    p.by.role === 'buyer' || p.by.role === 'seller' ? p.by.role : 'mediator';

  // ---------------------------------------------------------------- OpenDispute

  const openDispute = (c: OpenDispute): Decision => {
    const order = c.order;
    if (c.actor.id !== order.buyerId) {
      return fail('NotPermitted', `Only the order's buyer (${order.buyerId}) can open a dispute about it; ${c.actor.id} is not that buyer.`);
    }
    const policy = c.policy === undefined ? policies.seed : typeof c.policy === 'string' ? policies[c.policy] : c.policy;
    if (order.alreadyRefunded.currency !== order.paid.currency) {
      return fail('InvalidOrder', `The order's refunded amount is in ${order.alreadyRefunded.currency} but it was paid in ${order.paid.currency}.`);
    }
    if (order.alreadyRefunded.amount > order.paid.amount) {
      return fail('InvalidOrder', `The order says ${formatMoney(order.alreadyRefunded)} was refunded, more than the ${formatMoney(order.paid)} paid.`);
    }
    const refundable: Money = { amount: (order.paid.amount - order.alreadyRefunded.amount) as Money['amount'], currency: order.paid.currency };
    if (refundable.amount === 0) {
      return fail('NothingRefundable', `This order has already been refunded in full (${formatMoney(order.alreadyRefunded)}); there is nothing left to dispute.`);
    }
    if (isBefore(c.at, order.paidAt)) {
      return fail('OutsideProtectionWindow', 'A dispute cannot be opened before the order was paid.', { paidAt: order.paidAt });
    }
    const closes = windowAnchorInstant(order, policy.openWindow.closes.from);
    if (closes === undefined) {
      return fail(
        'OutsideProtectionWindow',
        `Under the ${policy.name} policy the protection window is counted from ${anchorText[policy.openWindow.closes.from]}, which this order does not have yet.`,
      );
    }
    const closesAt = due(policy, closes, policy.openWindow.closes.after);
    if (isBefore(closesAt, c.at)) {
      return fail(
        'OutsideProtectionWindow',
        `The buyer protection for this order ended at ${closesAt} (${formatDuration(policy.openWindow.closes.after)} after ${anchorText[policy.openWindow.closes.from]}); a dispute can no longer be opened.`,
        { closesAt },
      );
    }
    const opensFrom = policy.openWindow.opens;
    if (opensFrom !== undefined) {
      const opens = windowAnchorInstant(order, opensFrom.from);
      if (opens === undefined) {
        return fail('OutsideProtectionWindow', `A dispute can only be opened after ${anchorText[opensFrom.from]}, which has not happened yet.`);
      }
      const opensAt = due(policy, opens, opensFrom.after);
      if (isBefore(c.at, opensAt)) {
        return fail(
          'OutsideProtectionWindow',
          `A dispute about this order can be opened from ${opensAt} (${formatDuration(opensFrom.after)} after ${anchorText[opensFrom.from]}).`,
          { opensAt },
        );
      }
    }
    if (c.reason.group === 'CHANGED_MIND' && !policy.allowNoReasonReturns) {
      return fail('NoReasonReturnsNotAllowed', `The ${policy.name} policy does not allow returns without a reason.`);
    }
    if (c.reason.group === 'NOT_RECEIVED' && (c.itemReceived || c.kind !== 'REFUND_ONLY')) {
      return fail('InconsistentDisputeKind', 'An item that was not received can only be the subject of a refund-only dispute with itemReceived = false.');
    }
    if (c.reason.group === 'NOT_AS_DESCRIBED' && !c.itemReceived) {
      return fail('InconsistentDisputeKind', 'An item "not as described" must have been received (itemReceived = true).');
    }
    if (c.reason.group === 'CHANGED_MIND' && c.kind !== 'RETURN_AND_REFUND') {
      return fail('InconsistentDisputeKind', 'A return without a reason must be a return-and-refund dispute.');
    }
    if (c.kind === 'RETURN_AND_REFUND' && !c.itemReceived) {
      return fail('InconsistentDisputeKind', 'An item can only be returned if it was received (itemReceived = true).');
    }
    if (policy.requireCancellationRefused && order.cancellationRefusedAt === undefined) {
      return fail('CancellationNotRefused', 'Ask the seller to cancel the order first; a dispute can be opened once the seller refuses.');
    }
    if (c.itemReceived && policy.requireEvidenceWhenReceived && c.evidence.length === 0) {
      return fail('EvidenceRequired', 'Attach at least one piece of evidence (a photo, video or document) about the item you received.');
    }
    if (policy.maxEvidencePerParty !== 'UNLIMITED' && c.evidence.length > policy.maxEvidencePerParty) {
      return fail('EvidenceLimitReached', `At most ${policy.maxEvidencePerParty} pieces of evidence can be attached by each party.`);
    }
    const evidenceIds = new Set<string>();
    for (const item of c.evidence) {
      if (evidenceIds.has(item.evidenceId)) {
        return fail('DuplicateEvidence', `Evidence ${item.evidenceId} is attached twice.`);
      }
      evidenceIds.add(item.evidenceId);
    }
    const amountProblem = checkBuyerAmount({ kind: c.kind, itemReceived: c.itemReceived, reason: c.reason, policy, refundable }, c.requested);
    if (amountProblem) return E.left(amountProblem);
    const common: Common = { disputeId: c.disputeId, at: c.at, by: c.actor, commandId: c.commandId };
    return emit({
      type: 'DisputeOpened',
      data: {
        ...common,
        order,
        kind: c.kind,
        itemReceived: c.itemReceived,
        reason: c.reason,
        proposalId: c.proposalId,
        requested: c.requested,
        refundable,
        description: c.description,
        evidence: c.evidence,
        policy,
        deadlines: [deadline(policy, 'SELLER_RESPONSE', c.at), deadline(policy, 'NEGOTIATION_WINDOW', c.at)],
      },
    });
  };

  // ---------------------------------------------------------------- negotiation

  const makeProposal = (s: OpenedDispute, c: MakeProposal, common: Common): Decision => {
    const role = c.actor.role;
    if (s.settled) return fail('AlreadySettled', 'This dispute has already been settled; no new proposals can be made.');
    if (role === 'mediator' && s.status !== 'UNDER_MEDIATION') {
      return fail('NotUnderMediation', 'A mediator can only make proposals once the dispute is under mediation.');
    }
    if (s.status !== 'AWAITING_SELLER' && s.status !== 'AWAITING_BUYER' && s.status !== 'UNDER_MEDIATION') {
      return fail('NotAllowedInStatus', `Proposals cannot be made while the dispute is ${statusText[s.status]}.`, { status: s.status });
    }
    if (s.seen.proposalIds.has(c.proposalId)) {
      return fail('DuplicateProposalId', `A proposal with id ${c.proposalId} already exists in this dispute.`);
    }
    if (role === 'buyer') {
      if (limitReached(s.policy.maxBuyerRevisions, s.buyerRevisions)) {
        return fail('RevisionLimitReached', `The buyer may revise the request at most ${String(s.policy.maxBuyerRevisions)} times.`);
      }
      const problem = checkBuyerAmount(s, c.amount);
      if (problem) return E.left(problem);
      if (c.returnRequired !== (s.kind === 'RETURN_AND_REFUND')) {
        return fail(
          'InconsistentDisputeKind',
          s.kind === 'RETURN_AND_REFUND'
            ? 'In a return-and-refund dispute the buyer\'s proposals include returning the item (returnRequired = true).'
            : 'In a refund-only dispute the buyer\'s proposals do not include a return (returnRequired = false).',
        );
      }
    } else {
      const problem = checkCap(c.amount, s.refundable, 'proposed refund');
      if (problem) return E.left(problem);
      if (role === 'mediator' && c.amount.amount === 0) {
        return fail('AmountMustBePositive', 'A mediator proposes a refund greater than zero; to decide for the seller, issue a ruling.');
      }
    }
    if (c.returnRequired && !s.itemReceived) {
      return fail('ReturnImpossible', 'The buyer never received the item, so a return cannot be part of the proposal.');
    }
    if (c.returnRequired && c.amount.amount === 0) {
      return fail('ReturnImpossible', 'A return must come with a refund greater than zero.');
    }
    const negotiating = s.status !== 'UNDER_MEDIATION';
    const previous = s.currentProposals[role === 'buyer' || role === 'seller' ? role : 'mediator'];
    const deadlines =
      negotiating && role === 'buyer'
        ? [deadline(s.policy, 'SELLER_RESPONSE', c.at)]
        : negotiating && role === 'seller'
          ? [deadline(s.policy, 'BUYER_RESPONSE', c.at)]
          : [];
    return emit({
      type: 'ProposalMade',
      data: {
        ...common,
        proposalId: c.proposalId,
        amount: c.amount,
        returnRequired: c.returnRequired,
        deadlines,
        ...(c.returnShippingPaidBy === undefined ? {} : { returnShippingPaidBy: c.returnShippingPaidBy }),
        ...(c.note === undefined ? {} : { note: c.note }),
        ...(previous === undefined ? {} : { supersedes: previous }),
      },
    });
  };

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

  const acceptProposal = (s: OpenedDispute, c: AcceptProposal, common: Common): Decision => {
    if (s.settled) return fail('AlreadySettled', 'This dispute has already been settled by an agreement or a ruling.');
    if (s.status !== 'AWAITING_SELLER' && s.status !== 'AWAITING_BUYER' && s.status !== 'UNDER_MEDIATION') {
      return fail('NotAllowedInStatus', `Proposals cannot be accepted while the dispute is ${statusText[s.status]}.`, { status: s.status });
    }
    const found = findCurrentProposal(s, c.proposalId);
    if (E.isLeft(found)) return found;
    const proposal = found.right;
    const author = authorOf(proposal);
    if (author === c.actor.role) {
      return fail('CannotAcceptOwnProposal', 'You cannot accept your own proposal; the other party has to accept it.');
    }
    if (author === 'mediator' && c.actor.role === 'seller' && !s.policy.mediatorProposalBindingOn.includes('seller')) {
      return fail(
        'AcceptanceNotBinding',
        `Under the ${s.policy.name} policy the seller's acceptance of a mediator's proposal does not settle the dispute; the buyer must accept it, or the mediator rules.`,
      );
    }
    if (author === 'mediator' && c.actor.role === 'buyer' && !s.policy.mediatorProposalBindingOn.includes('buyer')) {
      return fail(
        'AcceptanceNotBinding',
        `Under the ${s.policy.name} policy the buyer's acceptance of a mediator's proposal does not settle the dispute.`,
      );
    }
    return emit(acceptance(common, proposal), ...settle(s, common, proposal, 'AGREEMENT'));
  };

  const rejectProposal = (s: OpenedDispute, c: RejectProposal, common: Common): Decision => {
    if (s.settled) return fail('AlreadySettled', 'This dispute has already been settled; proposals can no longer be rejected.');
    if (s.status !== 'AWAITING_SELLER' && s.status !== 'AWAITING_BUYER' && s.status !== 'UNDER_MEDIATION') {
      return fail('NotAllowedInStatus', `Proposals cannot be rejected while the dispute is ${statusText[s.status]}.`, { status: s.status });
    }
    const found = findCurrentProposal(s, c.proposalId);
    if (E.isLeft(found)) return found;
    if (authorOf(found.right) === c.actor.role) {
      return fail('CannotRejectOwnProposal', 'You cannot reject your own proposal; make a new one to replace it.');
    }
    const negotiating = s.status !== 'UNDER_MEDIATION';
    const deadlines = !negotiating
      ? []
      : c.actor.role === 'seller'
        ? [deadline(s.policy, 'BUYER_RESPONSE', c.at)]
        : [deadline(s.policy, 'SELLER_RESPONSE', c.at)];
    return emit({
      type: 'ProposalRejected',
      data: { ...common, proposalId: c.proposalId, deadlines, ...(c.note === undefined ? {} : { note: c.note }) },
    });
  };

  // ---------------------------------------------------------------- evidence and messages

  const submitEvidence = (s: OpenedDispute, c: SubmitEvidence, common: Common): Decision => {
    const party: Party = c.actor.role === 'seller' ? 'seller' : 'buyer';
    if (limitReached(s.policy.maxEvidencePerParty, s.evidenceCount[party])) {
      return fail('EvidenceLimitReached', `Each party may attach at most ${String(s.policy.maxEvidencePerParty)} pieces of evidence.`);
    }
    if (s.seen.evidenceIds.has(c.evidence.evidenceId)) {
      return fail('DuplicateEvidence', `Evidence ${c.evidence.evidenceId} is already attached to this dispute.`);
    }
    const request = s.openEvidenceRequests.find((r) => r.from === party);
    return emit({
      type: 'EvidenceSubmitted',
      data: { ...common, evidence: c.evidence, ...(request === undefined ? {} : { answersRequestId: request.requestId as Identifier }) },
    });
  };

  const postMessage = (c: PostMessage, common: Common): Decision =>
    emit({ type: 'MessagePosted', data: { ...common, messageId: c.messageId, text: c.text } });

  // ---------------------------------------------------------------- mediation

  const escalate = (s: OpenedDispute, c: Escalate, common: Common): Decision => {
    if (c.actor.role === 'seller' && !s.policy.sellerMayEscalate) {
      return fail('NotPermitted', `Under the ${s.policy.name} policy only the buyer can ask the platform to step in.`);
    }
    if (s.status !== 'AWAITING_SELLER' && s.status !== 'AWAITING_BUYER') {
      return fail('NotAllowedInStatus', `The dispute can only be escalated during negotiation; it is ${statusText[s.status]}.`, { status: s.status });
    }
    if (!s.policy.manualEscalation) {
      return fail('ManualEscalationDisabled', `Under the ${s.policy.name} policy the platform steps in automatically when the negotiation window ends.`);
    }
    const earliest = due(s.policy, s.openedAt, s.policy.escalateEarliestAfter);
    if (isBefore(c.at, earliest)) {
      return fail(
        'EscalationTooEarly',
        `The platform can be asked to step in from ${earliest} (${formatDuration(s.policy.escalateEarliestAfter)} after the dispute opened); please try to agree with the other party until then.`,
        { earliest },
      );
    }
    return emit(escalation(common, c.actor.role === 'seller' ? 'SELLER_REQUEST' : 'BUYER_REQUEST', c.note));
  };

  const requestEvidence = (s: OpenedDispute, c: RequestEvidence, common: Common): Decision => {
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
        deadlines: [deadline(s.policy, 'EVIDENCE_REQUEST', c.at, c.from)],
      },
    });
  };

  const issueRuling = (s: OpenedDispute, c: IssueRuling, common: Common): Decision => {
    if (s.status !== 'UNDER_MEDIATION') return fail('NotUnderMediation', 'A ruling can only be issued while the dispute is under mediation.');
    if (s.ruledInRound) return fail('RulingAlreadyIssued', 'A ruling has already been issued in this mediation round; it is binding.');
    if (c.outcome === 'SELLER_FAVOUR' && c.refund.amount !== 0) {
      return fail('InconsistentRuling', 'A ruling in the seller\'s favour refunds nothing: set the refund to 0.');
    }
    if (c.outcome === 'SELLER_FAVOUR' && c.returnRequired) {
      return fail('InconsistentRuling', 'A ruling in the seller\'s favour cannot require a return.');
    }
    const cap = checkCap(c.refund, s.refundable, 'ruled refund');
    if (cap) return E.left(cap);
    if (c.outcome === 'BUYER_FAVOUR' && c.refund.amount === 0) {
      return fail('AmountMustBePositive', 'A ruling in the buyer\'s favour refunds more than zero.');
    }
    const round = s.mediationRound ?? 'DISPUTE';
    if (c.returnRequired && round === 'RETURN') {
      return fail('InconsistentRuling', 'This mediation is about a return that already happened; a new return cannot be required.');
    }
    if (c.returnRequired && !s.itemReceived) {
      return fail('ReturnImpossible', 'The buyer never received the item, so a return cannot be required.');
    }
    const ruling: EventOf<'RulingIssued'> = {
      type: 'RulingIssued',
      data: {
        ...common,
        rulingId: c.rulingId,
        outcome: c.outcome,
        refund: c.refund,
        returnRequired: c.returnRequired,
        rationale: c.rationale,
        round,
        ...(c.returnShippingPaidBy === undefined ? {} : { returnShippingPaidBy: c.returnShippingPaidBy }),
      },
    };
    return emit(
      ruling,
      ...settle(s, common, { amount: c.refund, returnRequired: c.returnRequired, returnShippingPaidBy: c.returnShippingPaidBy }, 'RULING'),
    );
  };

  const cancelDispute = (s: OpenedDispute, c: CancelDispute, common: Common): Decision => {
    if (s.settled) return fail('AlreadySettled', 'The dispute has already been settled by an agreement or a ruling and can no longer be cancelled.');
    return emit(
      { type: 'DisputeCancelled', data: { ...common, reason: 'BUYER_WITHDREW', ...(c.note === undefined ? {} : { note: c.note }) } },
      { type: 'DisputeClosed', data: { ...common, outcome: 'CANCELLED_BY_BUYER', refunded: s.refunded } },
    );
  };

  // ---------------------------------------------------------------- returns

  const markReturnShipped = (s: OpenedDispute, c: MarkReturnShipped, common: Common): Decision => {
    if (s.status !== 'AWAITING_RETURN_SHIPMENT') {
      return fail('NotAllowedInStatus', `No return is waiting to be shipped; the dispute is ${statusText[s.status]}.`, { status: s.status });
    }
    const shipment = s.deadlines.find((d) => d.kind === 'RETURN_SHIPMENT');
    if (shipment !== undefined && !isBefore(c.at, shipment.dueAt)) {
      return fail('ReturnDeadlinePassed', `The return had to be shipped before ${shipment.dueAt}.`, { dueAt: shipment.dueAt });
    }
    return emit({
      type: 'ReturnShipped',
      data: { ...common, carrier: c.carrier, trackingNumber: c.trackingNumber, deadlines: [deadline(s.policy, 'RETURN_RECEIPT', c.at)] },
    });
  };

  const confirmReturnReceived = (s: OpenedDispute, c: ConfirmReturnReceived, common: Common): Decision => {
    if (s.status !== 'AWAITING_RETURN_RECEIPT') {
      return fail('NotAllowedInStatus', `No shipped return is waiting for confirmation; the dispute is ${statusText[s.status]}.`, { status: s.status });
    }
    const received: EventOf<'ReturnReceived'> = { type: 'ReturnReceived', data: { ...common, condition: c.condition } };
    const refund = s.pendingReturn?.refund ?? s.refundable;
    return c.condition === 'AS_EXPECTED'
      ? emit(received, ...resolve(s, common, refund, 'RETURN_CONFIRMED'))
      : emit(received, escalation(common, 'RETURN_DISPUTED'));
  };

  // ---------------------------------------------------------------- time

  const expireDeadline = (s: OpenedDispute, c: ExpireDeadline, common: Common): Decision => {
    const candidates = s.deadlines.filter((d) => d.kind === c.kind && (c.party === undefined || d.party === c.party));
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
    const expired: EventOf<'DeadlineExpired'> = {
      type: 'DeadlineExpired',
      data: { ...common, kind: running.kind, dueAt: running.dueAt, ...(running.party === undefined ? {} : { party: running.party }) },
    };
    return emit(expired, ...consequenceOfExpiry(s, running, common));
  };

  const consequenceOfExpiry = (s: OpenedDispute, expired: Deadline, common: Common): DisputeEvent[] => {
    const policy = s.policy;
    switch (expired.kind) {
      case 'SELLER_RESPONSE': {
        const request = currentProposal(s, 'buyer');
        if (policy.onSellerSilence === 'ESCALATE' || request === undefined || request.status !== 'OPEN') {
          return [escalation(common, 'SELLER_SILENCE')];
        }
        return [acceptance(common, request, 'seller'), ...settle(s, common, request, 'SELLER_SILENCE')];
      }
      case 'BUYER_RESPONSE': {
        if (policy.onBuyerSilence === 'CLOSE_SELLER_FAVOUR') {
          return resolve(s, common, { amount: 0 as Money['amount'], currency: s.refundable.currency }, 'BUYER_SILENCE');
        }
        const offer = currentProposal(s, 'seller');
        if (policy.onBuyerSilence === 'ACCEPT_STANDING_OFFER' && offer !== undefined && offer.status === 'OPEN') {
          return [acceptance(common, offer, 'buyer'), ...settle(s, common, offer, 'BUYER_SILENCE')];
        }
        return [escalation(common, 'BUYER_SILENCE')];
      }
      case 'NEGOTIATION_WINDOW':
        return policy.onNegotiationExpiry === 'ESCALATE'
          ? [escalation(common, 'NEGOTIATION_EXPIRED')]
          : [
              { type: 'DisputeCancelled', data: { ...common, reason: 'NEGOTIATION_EXPIRED' } },
              { type: 'DisputeClosed', data: { ...common, outcome: 'CANCELLED_BY_BUYER', refunded: s.refunded } },
            ];
      case 'EVIDENCE_REQUEST':
        return policy.autoRuleAgainstSilentParty && !s.ruledInRound && expired.party !== undefined
          ? ruleAgainstSilentParty(s, expired, common)
          : [];
      case 'RETURN_SHIPMENT':
        return resolve(s, common, { amount: 0 as Money['amount'], currency: s.refundable.currency }, 'RETURN_NOT_SHIPPED');
      case 'RETURN_RECEIPT':
        return policy.onReturnReceiptSilence === 'AUTO_REFUND'
          ? resolve(s, common, s.pendingReturn?.refund ?? s.refundable, 'RETURN_RECEIPT_SILENCE')
          : [escalation(common, 'RETURN_RECEIPT_SILENCE')];
      default:
        return assertNever(expired.kind, 'deadline kind');
    }
  };

  const ruleAgainstSilentParty = (s: OpenedDispute, expired: Deadline, common: Common): DisputeEvent[] => {
    const round = s.mediationRound ?? 'DISPUTE';
    const request = s.openEvidenceRequests.find((r) => r.from === expired.party);
    const silent = expired.party === 'seller' ? 'seller' : 'buyer';
    const buyerRequest = currentProposal(s, 'buyer');
    const terms =
      silent === 'buyer'
        ? { amount: { amount: 0 as Money['amount'], currency: s.refundable.currency }, returnRequired: false }
        : round === 'RETURN'
          ? { amount: s.pendingReturn?.refund ?? s.refundable, returnRequired: false }
          : {
              amount: buyerRequest?.amount ?? s.refundable,
              returnRequired: buyerRequest?.returnRequired ?? false,
              returnShippingPaidBy: buyerRequest?.returnShippingPaidBy,
            };
    const ruling: EventOf<'RulingIssued'> = {
      type: 'RulingIssued',
      data: {
        ...common,
        rulingId: `auto-${request?.requestId ?? expired.dueAt}` as Identifier,
        outcome: silent === 'buyer' ? 'SELLER_FAVOUR' : 'BUYER_FAVOUR',
        refund: terms.amount,
        returnRequired: terms.returnRequired,
        rationale: `The ${silent} did not answer the evidence request by ${expired.dueAt}; under the ${s.policy.name} policy the mediation rules against the silent party.`,
        round,
        ...(terms.returnShippingPaidBy === undefined ? {} : { returnShippingPaidBy: terms.returnShippingPaidBy }),
      },
    };
    return [ruling, ...settle(s, common, terms, 'RULING')];
  };

  // ---------------------------------------------------------------- refunds

  const issueRefund = (s: OpenedDispute, c: IssueRefund, common: Common): Decision => {
    if (s.status !== 'AWAITING_REFUND' || s.resolution === undefined) {
      return fail('NotAllowedInStatus', `No refund is due; the dispute is ${statusText[s.status]}.`, { status: s.status });
    }
    const owed = s.resolution.refund;
    if (c.amount.currency !== owed.currency) {
      return fail('CurrencyMismatch', `The refund is in ${c.amount.currency}, but this dispute is in ${owed.currency}.`);
    }
    if (c.amount.amount !== owed.amount) {
      return fail('RefundAmountMismatch', `The refund must be exactly the resolved ${formatMoney(owed)}, not ${formatMoney(c.amount)}.`, {
        owed,
        amount: c.amount,
      });
    }
    return emit(
      {
        type: 'RefundIssued',
        data: {
          ...common,
          refundId: c.refundId,
          amount: c.amount,
          gatewayReference: c.gatewayReference,
          idempotencyKey: refundIdempotencyKey(s.disputeId),
        },
      },
      {
        type: 'DisputeClosed',
        data: { ...common, outcome: s.resolution.isFullRefund ? 'REFUNDED_FULL' : 'REFUNDED_PARTIAL', refunded: c.amount },
      },
    );
  };

  const recordRefundFailure = (s: OpenedDispute, c: RecordRefundFailure, common: Common): Decision => {
    if (s.status !== 'AWAITING_REFUND') {
      return fail('NotAllowedInStatus', `No refund is due; the dispute is ${statusText[s.status]}.`, { status: s.status });
    }
    return emit({ type: 'RefundFailed', data: { ...common, attempt: c.attempt, errorCode: c.errorCode, retryable: c.retryable } });
  };

  // ---------------------------------------------------------------- dispatch

  const checkActor = (s: OpenedDispute, c: DisputeCommand): DisputeError | undefined => {
    const role = c.actor.role;
    if (!allowedRoles[c.type].includes(role)) {
      return disputeError('NotPermitted', `A ${role} cannot ${describeCommand(c.type)}; only ${allowedRoles[c.type].join(' or ')} can.`, {
        role,
        allowed: allowedRoles[c.type],
      });
    }
    if (role === 'buyer' && c.actor.id !== s.buyerId) {
      return disputeError('NotPermitted', `${c.actor.id} is not the buyer in this dispute.`);
    }
    if (role === 'seller' && c.actor.id !== s.sellerId) {
      return disputeError('NotPermitted', `${c.actor.id} is not the seller in this dispute.`);
    }
    if (role === 'mediator' && (c.actor.id === s.buyerId || c.actor.id === s.sellerId)) {
      return disputeError('NotPermitted', `${c.actor.id} is a party to this dispute and cannot mediate it.`);
    }
    return undefined;
  };

  /**
   * Decides what a command does to a dispute: the events to append, or the rule it breaks. Pure:
   * no clock, no IO, no randomness; the same state and command always give the same result. A
   * command whose `commandId` the dispute has already seen emits nothing (idempotency).
   */
  const decide = (command: DisputeCommand, state: DisputeState): Decision => {
    if (state.status === 'NONE') {
      if (command.type !== 'OpenDispute') {
        return fail('DisputeNotFound', `There is no dispute ${command.disputeId}; it has to be opened first.`);
      }
      if (command.actor.role !== 'buyer') {
        return fail('NotPermitted', `A ${command.actor.role} cannot open a dispute; only the buyer can.`);
      }
      return openDispute(command);
    }
    const s = state;
    if (s.seen.commandIds.has(command.commandId)) return E.right([]);
    if (command.type === 'OpenDispute') return fail('DisputeAlreadyOpened', `Dispute ${s.disputeId} is already open.`);
    if (s.status === 'CLOSED') return fail('DisputeClosed', `Dispute ${s.disputeId} is closed; nothing more can be done in it.`, { outcome: s.outcome });
    if (command.disputeId !== s.disputeId) {
      return fail('WrongDispute', `The command is for dispute ${command.disputeId}, but this is dispute ${s.disputeId}.`);
    }
    if (isBefore(command.at, s.lastEventAt)) {
      return fail('TimeWentBackwards', `The command is dated ${command.at}, before the dispute's last event at ${s.lastEventAt}.`);
    }
    const actorProblem = checkActor(s, command);
    if (actorProblem) return E.left(actorProblem);
    const common: Common = { disputeId: s.disputeId, at: command.at, by: command.actor, commandId: command.commandId };
    switch (command.type) {
      case 'MakeProposal':
        return makeProposal(s, command, common);
      case 'AcceptProposal':
        return acceptProposal(s, command, common);
      case 'RejectProposal':
        return rejectProposal(s, command, common);
      case 'SubmitEvidence':
        return submitEvidence(s, command, common);
      case 'PostMessage':
        return postMessage(command, common);
      case 'Escalate':
        return escalate(s, command, common);
      case 'RequestEvidence':
        return requestEvidence(s, command, common);
      case 'IssueRuling':
        return issueRuling(s, command, common);
      case 'CancelDispute':
        return cancelDispute(s, command, common);
      case 'MarkReturnShipped':
        return markReturnShipped(s, command, common);
      case 'ConfirmReturnReceived':
        return confirmReturnReceived(s, command, common);
      case 'ExpireDeadline':
        return expireDeadline(s, command, common);
      case 'IssueRefund':
        return issueRefund(s, command, common);
      case 'RecordRefundFailure':
        return recordRefundFailure(s, command, common);
      default:
        return assertNever(command, 'command');
    }
  };

  return decide;
};

/** The idempotency key the payment provider receives for a dispute's refund (process rules §5.4). */
export const refundIdempotencyKey = (disputeId: string): string => `dispute:${disputeId}:refund`;

const commandVerbs: Record<DisputeCommand['type'], string> = {
  OpenDispute: 'open a dispute',
  MakeProposal: 'make a proposal',
  AcceptProposal: 'accept a proposal',
  RejectProposal: 'reject a proposal',
  SubmitEvidence: 'submit evidence',
  PostMessage: 'post a message',
  Escalate: 'escalate the dispute',
  RequestEvidence: 'request evidence',
  IssueRuling: 'issue a ruling',
  CancelDispute: 'cancel the dispute',
  MarkReturnShipped: 'mark the return shipped',
  ConfirmReturnReceived: 'confirm the return',
  ExpireDeadline: 'expire a deadline',
  IssueRefund: 'issue the refund',
  RecordRefundFailure: 'record a refund failure',
};

/** A short phrase for what a command does (`make a proposal`). */
export const describeCommand = (type: DisputeCommand['type']): string => commandVerbs[type];

/** Decides a command against a dispute's state using each policy's own business calendar. */
export const decide = makeDecide();
