import type { Instant } from '../codecs/instant';
import type { ProposalId } from '../codecs/ids';
import { zero } from '../money/money';
import { AppendOnlySet } from './appendOnlySet';
import { startDeadlines, stopDeadlineSlot, stopDeadlines } from './deadlines';
import { advanceDisputeTrack } from './disputeTrack';
import { returnPhaseEscalationReasons, type DisputeEvent, type EventOf, type EventType } from './events';
import { proposalAuthorOfRole } from './proposalAuthor';
import type { DisputeState, OpenedDispute, ProposalStatus, ProposalView } from './state';

const isNegotiating = (state: OpenedDispute): boolean =>
  state.status === 'AWAITING_SELLER' || state.status === 'AWAITING_BUYER';

/**
 * The proposals with the one of id `proposalId` set to `status` (only if it is `OPEN` when
 * `onlyIfOpen`), and `added` appended. Proposal ids are unique in a dispute (decide refuses a reused
 * one), and the proposal changed is almost always one of the last, so the search runs from the end
 * and the copy is one `slice`: a fold over many proposals stays cheap.
 */
const setProposalStatus = (
  proposals: ReadonlyArray<ProposalView>,
  proposalId: ProposalId | undefined,
  status: ProposalStatus,
  onlyIfOpen = false,
  added?: ProposalView,
): ReadonlyArray<ProposalView> => {
  if (proposalId === undefined && added === undefined) return proposals;
  const out = proposals.slice();
  if (proposalId !== undefined) {
    for (let i = out.length - 1; i >= 0; i--) {
      const p = out[i]!;
      if (p.proposalId === proposalId && (!onlyIfOpen || p.status === 'OPEN')) out[i] = { ...p, status };
    }
  }
  if (added !== undefined) out.push(added);
  return out;
};

const opened = (event: Extract<DisputeEvent, { type: 'DisputeOpened' }>): OpenedDispute => {
  const d = event.data;
  let evidenceIds = AppendOnlySet.empty();
  for (const item of d.evidence) evidenceIds = evidenceIds.add(item.evidenceId);
  return {
    status: 'AWAITING_SELLER',
    version: 1,
    disputeId: d.disputeId,
    orderId: d.order.orderId,
    buyerId: d.order.buyerId,
    sellerId: d.order.sellerId,
    order: d.order,
    kind: d.kind,
    itemReceived: d.itemReceived,
    reason: d.reason,
    description: d.description,
    policy: d.policy,
    refundable: d.refundable,
    requested: d.requested,
    refunded: zero(d.refundable.currency),
    openedAt: d.at,
    lastEventAt: d.at,
    proposals: [
      {
        proposalId: d.proposalId,
        by: d.by,
        amount: d.requested,
        returnRequired: d.kind === 'RETURN_AND_REFUND',
        madeAt: d.at,
        status: 'OPEN',
      },
    ],
    currentProposals: { buyer: d.proposalId },
    buyerRevisions: 0,
    evidenceCount: { buyer: d.evidence.length, seller: 0 },
    deadlines: d.deadlines,
    escalated: false,
    escalations: 0,
    ruledInRound: false,
    settled: false,
    openEvidenceRequests: [],
    refundFailures: 0,
    cancelled: false,
    seen: {
      commandIds: AppendOnlySet.empty().add(d.commandId),
      proposalIds: AppendOnlySet.empty().add(d.proposalId),
      evidenceIds,
      requestIds: AppendOnlySet.empty(),
    },
  };
};

/** Applies one event of type `K` to an opened dispute. */
type Applier<K extends EventType> = (s: OpenedDispute, event: EventOf<K>) => OpenedDispute;

/** A proposal supersedes its author's previous one; during negotiation it hands the turn to the other party. */
const proposalMade: Applier<'ProposalMade'> = (s, { data: d }) => {
  const author = proposalAuthorOfRole(d.by.role);
  const previous = s.currentProposals[author];
  const proposal: ProposalView = {
    proposalId: d.proposalId,
    by: d.by,
    amount: d.amount,
    returnRequired: d.returnRequired,
    ...(d.returnShippingPaidBy === undefined ? {} : { returnShippingPaidBy: d.returnShippingPaidBy }),
    madeAt: d.at,
    status: 'OPEN',
  };
  const base: OpenedDispute = {
    ...s,
    proposals: setProposalStatus(s.proposals, previous, 'SUPERSEDED', true, proposal),
    currentProposals: { ...s.currentProposals, [author]: d.proposalId },
    buyerRevisions: s.buyerRevisions + (author === 'buyer' ? 1 : 0),
    seen: { ...s.seen, proposalIds: s.seen.proposalIds.add(d.proposalId) },
  };
  if (!isNegotiating(s) || author === 'mediator') return { ...base, deadlines: startDeadlines(s.deadlines, d.deadlines) };
  return author === 'buyer'
    ? { ...base, status: 'AWAITING_SELLER', deadlines: startDeadlines(stopDeadlines(s.deadlines, ['BUYER_RESPONSE']), d.deadlines) }
    : { ...base, status: 'AWAITING_BUYER', deadlines: startDeadlines(stopDeadlines(s.deadlines, ['SELLER_RESPONSE']), d.deadlines) };
};

/** A rejection; during negotiation it hands the turn back to the proposal's author. */
const proposalRejected: Applier<'ProposalRejected'> = (s, { data: d }) => {
  const base: OpenedDispute = { ...s, proposals: setProposalStatus(s.proposals, d.proposalId, 'REJECTED') };
  if (!isNegotiating(s)) return { ...base, deadlines: startDeadlines(s.deadlines, d.deadlines) };
  return d.by.role === 'seller'
    ? { ...base, status: 'AWAITING_BUYER', deadlines: startDeadlines(stopDeadlines(s.deadlines, ['SELLER_RESPONSE']), d.deadlines) }
    : { ...base, status: 'AWAITING_SELLER', deadlines: startDeadlines(stopDeadlines(s.deadlines, ['BUYER_RESPONSE']), d.deadlines) };
};

/** Evidence counts against its party's limit and, when it answers a request, closes it and its deadline. */
const evidenceSubmitted: Applier<'EvidenceSubmitted'> = (s, { data: d }) => {
  const party = d.by.role === 'seller' ? 'seller' : 'buyer';
  const answered = d.answersRequestId;
  return {
    ...s,
    evidenceCount: { ...s.evidenceCount, [party]: s.evidenceCount[party] + 1 },
    seen: { ...s.seen, evidenceIds: s.seen.evidenceIds.add(d.evidence.evidenceId) },
    ...(answered === undefined
      ? {}
      : {
          openEvidenceRequests: s.openEvidenceRequests.filter((r) => r.requestId !== answered),
          deadlines: stopDeadlineSlot(s.deadlines, 'EVIDENCE_REQUEST', party),
        }),
  };
};

/** An evidence request replaces the party's previous one and falls due with the deadline it starts (its codec requires one). */
const evidenceRequested: Applier<'EvidenceRequested'> = (s, { data: d }) => ({
  ...s,
  openEvidenceRequests: [
    ...s.openEvidenceRequests.filter((r) => r.from !== d.from),
    { requestId: d.requestId, from: d.from, requestedAt: d.at, dueAt: d.deadlines[0].dueAt },
  ],
  deadlines: startDeadlines(s.deadlines, d.deadlines),
  seen: { ...s.seen, requestIds: s.seen.requestIds.add(d.requestId) },
});

/** The dispute goes to mediation: a new round, and every running deadline and request stops. */
const escalated: Applier<'Escalated'> = (s, event) => ({
  ...s,
  status: 'UNDER_MEDIATION',
  escalated: true,
  escalations: s.escalations + 1,
  mediationRound: returnPhaseEscalationReasons.includes(event.data.reason) ? 'RETURN' : 'DISPUTE',
  ruledInRound: false,
  deadlines: [],
  openEvidenceRequests: [],
});

/** A return is requested: the terms wait for it, and only the return deadline runs. */
const returnRequested: Applier<'ReturnRequested'> = (s, { data: d }) => ({
  ...s,
  status: 'AWAITING_RETURN_SHIPMENT',
  settled: true,
  pendingReturn: {
    basis: d.basis,
    refund: d.refund,
    ...(d.returnShippingPaidBy === undefined ? {} : { returnShippingPaidBy: d.returnShippingPaidBy }),
  },
  deadlines: d.deadlines,
  openEvidenceRequests: [],
});

/** The return is on its way: the seller's receipt deadline replaces the shipment deadline. */
const returnShipped: Applier<'ReturnShipped'> = (s, { data: d }) => ({
  ...s,
  status: 'AWAITING_RETURN_RECEIPT',
  ...(s.pendingReturn === undefined
    ? {}
    : { pendingReturn: { ...s.pendingReturn, shipped: { carrier: d.carrier, trackingNumber: d.trackingNumber, at: d.at } } }),
  deadlines: startDeadlines(stopDeadlines(s.deadlines, ['RETURN_SHIPMENT']), d.deadlines),
});

/** A deadline stops; an expired evidence request closes with it. */
const deadlineExpired: Applier<'DeadlineExpired'> = (s, { data: d }) => ({
  ...s,
  deadlines: stopDeadlineSlot(s.deadlines, d.kind, d.party),
  ...(d.kind === 'EVIDENCE_REQUEST' ? { openEvidenceRequests: s.openEvidenceRequests.filter((r) => r.from !== d.party) } : {}),
});

/** The resolution: a refund for the buyer awaits payment; every deadline and request stops. */
const resolved: Applier<'Resolved'> = (s, { data: d }) => ({
  ...s,
  status: d.outcome === 'BUYER_FAVOUR' && d.refund.amount > 0 ? 'AWAITING_REFUND' : s.status,
  settled: true,
  resolution: { outcome: d.outcome, basis: d.basis, refund: d.refund, isFullRefund: d.isFullRefund, at: d.at },
  deadlines: [],
  openEvidenceRequests: [],
});

/**
 * How each event changes an opened dispute (bookkeeping shared by every event is done by `evolve`).
 * A new event type does not compile until it is named here.
 */
const appliers: { readonly [K in EventType]: Applier<K> } = {
  DisputeOpened: (s) => s, // a second opening is ignored here; checkHistory reports it
  ProposalMade: proposalMade,
  ProposalAccepted: (s, { data: d }) => ({
    ...s,
    proposals: setProposalStatus(s.proposals, d.proposalId, 'ACCEPTED'),
    acceptedProposalId: d.proposalId,
    settled: true,
  }),
  ProposalRejected: proposalRejected,
  EvidenceSubmitted: evidenceSubmitted,
  EvidenceRequested: evidenceRequested,
  MessagePosted: (s) => s,
  Escalated: escalated,
  RulingIssued: (s) => ({ ...s, ruledInRound: true, settled: true }),
  ReturnRequested: returnRequested,
  ReturnShipped: returnShipped,
  ReturnReceived: (s, event) => ({
    ...s,
    ...(s.pendingReturn === undefined ? {} : { pendingReturn: { ...s.pendingReturn, condition: event.data.condition } }),
    deadlines: stopDeadlines(s.deadlines, ['RETURN_RECEIPT']),
  }),
  DeadlineExpired: deadlineExpired,
  Resolved: resolved,
  RefundIssued: (s, { data: d }) => ({
    ...s,
    refunded: d.amount,
    refund: { refundId: d.refundId, amount: d.amount, gatewayReference: d.gatewayReference, at: d.at },
  }),
  RefundFailed: (s) => ({ ...s, refundFailures: s.refundFailures + 1 }),
  DisputeCancelled: (s) => ({ ...s, cancelled: true, deadlines: [], openEvidenceRequests: [] }),
  DisputeClosed: (s, { data: d }) => ({ ...s, status: 'CLOSED', outcome: d.outcome, closedAt: d.at, deadlines: [], openEvidenceRequests: [] }),
  PayoutHoldPlaced: (s, { data: d }) => ({ ...s, payoutHold: { amount: d.amount } }),
  PayoutHoldReleased: (s, { data: d }) => (s.payoutHold === undefined ? s : { ...s, payoutHold: { ...s.payoutHold, released: d.amount } }),
};

/** Applies one event to an opened dispute with the applier of its type. */
const apply = <K extends EventType>(s: OpenedDispute, type: K, event: EventOf<K>): OpenedDispute => (appliers[type] as Applier<K>)(s, event);

/**
 * Folds one event into the state. Pure and total: it never throws on a decoded event, never reads a
 * clock, and never recomputes a deadline (deadlines come from the events). Events other than
 * `DisputeOpened` before an opening are ignored; `checkHistory` reports such histories.
 */
export const evolve = (state: DisputeState, event: DisputeEvent): DisputeState => {
  if (state.status === 'NONE') return event.type === 'DisputeOpened' ? opened(event) : state;
  const applied = apply(state, event.type, event);
  // `apply` returns either `state` itself or an object it has just built that nobody else has seen:
  // the bookkeeping is written into that new object, so each event copies the state once, not twice.
  const next: Mutable<OpenedDispute> = applied === state ? { ...state } : applied;
  const at: Instant = event.data.at;
  next.version = state.version + 1;
  // Status, deadlines and open evidence requests follow the track rules the read models share.
  const track = advanceDisputeTrack({ status: state.status, deadlines: state.deadlines, openEvidenceRequests: state.openEvidenceRequests }, event);
  next.status = track.status;
  next.deadlines = track.deadlines;
  next.openEvidenceRequests = track.openEvidenceRequests;
  next.lastEventAt = at > state.lastEventAt ? at : state.lastEventAt;
  if (!next.seen.commandIds.has(event.data.commandId)) {
    next.seen = { ...next.seen, commandIds: next.seen.commandIds.add(event.data.commandId) };
  }
  return next;
};

/** A state under construction inside `evolve` (never one already returned). */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
