import type { Instant } from '../codecs/instant';
import type { ProposalId } from '../codecs/ids';
import { addMoneySaturating, zero } from '../money/money';
import { AppendOnlySet } from './appendOnlySet';
import { advanceDisputeTrack, openingTrack } from './disputeTrack';
import { liabilityOf } from './liability';
import { returnPhaseEscalationReasons, type DisputeEvent, type EventOf, type EventType } from './events';
import { proposalAuthorOfRole } from './proposalAuthor';
import type { DisputeState, OpenedDispute, ProposalStatus, ProposalView } from './state';

/**
 * What a fold owns while it runs: the proposals array it copied, which nobody outside the fold has
 * seen, so it may change it in place. A lone `evolve` has none and copies on every change.
 */
export interface FoldScratch {
  proposals: ProposalView[] | undefined;
  /** The latest state the fold built: an event that changes nothing else changes it in place. */
  state: OpenedDispute | undefined;
}

/** `proposals` as an array this step may change: the fold's own copy, or a fresh one. */
const writableProposals = (proposals: ReadonlyArray<ProposalView>, scratch: FoldScratch | undefined): ProposalView[] => {
  if (scratch === undefined) return proposals.slice();
  if (scratch.proposals !== proposals) scratch.proposals = proposals.slice();
  return scratch.proposals;
};

/** Where the proposal of id `proposalId` is, searching from the end (ids are unique), or -1. */
const lastIndexOfProposal = (proposals: ReadonlyArray<ProposalView>, proposalId: ProposalId): number => {
  for (let i = proposals.length - 1; i >= 0; i--) if (proposals[i]!.proposalId === proposalId) return i;
  return -1;
};

/**
 * The proposals with the one of id `proposalId` set to `status` (only if it is `OPEN` when
 * `onlyIfOpen`), and `added` appended. Decide refuses a reused proposal id, so ids are unique when
 * every proposal id was seen once (`uniqueIds`), and the proposal changed is almost always one of
 * the last: the search runs from the end and stops at the id. Inside a fold the array is the fold's
 * own and changes in place (O(1) a step); a lone `evolve` copies it. A history that reused an id
 * (only a corrupt one can) has every proposal of that id changed, as always.
 */
const setProposalStatus = (
  scratch: FoldScratch | undefined,
  s: OpenedDispute,
  proposalId: ProposalId | undefined,
  status: ProposalStatus,
  onlyIfOpen = false,
  added?: ProposalView,
): ReadonlyArray<ProposalView> => {
  const proposals = s.proposals;
  const changes = (p: ProposalView): boolean => p.proposalId === proposalId && (!onlyIfOpen || p.status === 'OPEN');
  const uniqueIds = s.seen.proposalIds.size === proposals.length;
  const index = proposalId === undefined || !uniqueIds ? -1 : lastIndexOfProposal(proposals, proposalId);
  const found = index >= 0 && changes(proposals[index]!);
  if (!found && added === undefined && (uniqueIds || proposalId === undefined)) return proposals;
  const out = writableProposals(proposals, scratch);
  if (found) out[index] = { ...out[index]!, status };
  else if (!uniqueIds && proposalId !== undefined) {
    for (let i = 0; i < out.length; i++) if (changes(out[i]!)) out[i] = { ...out[i]!, status };
  }
  if (added !== undefined) out.push(added);
  return out;
};

const opened = (event: Extract<DisputeEvent, { type: 'DisputeOpened' }>): OpenedDispute => {
  const d = event.data;
  const track = openingTrack(event);
  let evidenceIds = AppendOnlySet.empty();
  for (const item of d.evidence) evidenceIds = evidenceIds.add(item.evidenceId);
  // A literal with every field named (no leading spread): one object shape, built in one go.
  return {
    status: track.status,
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
    deadlines: track.deadlines,
    escalated: false,
    escalations: 0,
    ruledInRound: false,
    settled: false,
    openEvidenceRequests: track.openEvidenceRequests,
    refundFailures: 0,
    cancelled: false,
    coverFacts: { sellerSilent: false, sellerTrackingBeforeEscalation: false },
    seen: {
      commandIds: AppendOnlySet.empty().add(d.commandId),
      proposalIds: AppendOnlySet.empty().add(d.proposalId),
      evidenceIds,
      requestIds: AppendOnlySet.empty(),
    },
  };
};

/**
 * Applies one event of type `K` to an opened dispute: everything but the status, deadlines and open
 * evidence requests, which `evolve` takes from the dispute track (the one source of those rules).
 */
type Applier<K extends EventType> = (s: OpenedDispute, event: EventOf<K>, scratch: FoldScratch | undefined) => OpenedDispute;

/** A proposal supersedes its author's previous one. */
const proposalMade: Applier<'ProposalMade'> = (s, { data: d }, scratch) => {
  const author = proposalAuthorOfRole(d.by.role);
  const proposal: ProposalView = {
    proposalId: d.proposalId,
    by: d.by,
    amount: d.amount,
    returnRequired: d.returnRequired,
    ...(d.returnShippingPaidBy === undefined ? {} : { returnShippingPaidBy: d.returnShippingPaidBy }),
    madeAt: d.at,
    status: 'OPEN',
  };
  return {
    ...s,
    proposals: setProposalStatus(scratch, s, s.currentProposals[author], 'SUPERSEDED', true, proposal),
    currentProposals: { ...s.currentProposals, [author]: d.proposalId },
    buyerRevisions: s.buyerRevisions + (author === 'buyer' ? 1 : 0),
    seen: { ...s.seen, proposalIds: s.seen.proposalIds.add(d.proposalId) },
  };
};

/** Evidence counts against its party's limit. */
const evidenceSubmitted: Applier<'EvidenceSubmitted'> = (s, { data: d }) => {
  const party = d.by.role === 'seller' ? 'seller' : 'buyer';
  const tracking = party === 'seller' && !s.escalated && d.evidence.kind === 'TRACKING';
  return {
    ...s,
    ...(tracking && !s.coverFacts.sellerTrackingBeforeEscalation ? { coverFacts: { ...s.coverFacts, sellerTrackingBeforeEscalation: true } } : {}),
    evidenceCount: { ...s.evidenceCount, [party]: s.evidenceCount[party] + 1 },
    seen: { ...s.seen, evidenceIds: s.seen.evidenceIds.add(d.evidence.evidenceId) },
  };
};

/** The dispute goes to mediation: a new round. */
const escalated: Applier<'Escalated'> = (s, event) => ({
  ...s,
  escalated: true,
  escalations: s.escalations + 1,
  mediationRound: returnPhaseEscalationReasons.includes(event.data.reason) ? 'RETURN' : 'DISPUTE',
  ruledInRound: false,
  coverFacts: { ...s.coverFacts, escalatedAt: event.data.at },
});

/** A deadline of the seller's own passed: the seller was silent, which forfeits the platform's cover. */
const deadlineExpired: Applier<'DeadlineExpired'> = (s, { data: d }) => {
  const sellers = d.kind === 'SELLER_RESPONSE' || d.kind === 'RETURN_RECEIPT' || (d.kind === 'EVIDENCE_REQUEST' && d.party === 'seller');
  return sellers && !s.coverFacts.sellerSilent ? { ...s, coverFacts: { ...s.coverFacts, sellerSilent: true } } : s;
};

/** A return is requested: the terms wait for it. */
const returnRequested: Applier<'ReturnRequested'> = (s, { data: d }) => ({
  ...s,
  settled: true,
  pendingReturn: {
    basis: d.basis,
    refund: d.refund,
    ...(d.returnShippingPaidBy === undefined ? {} : { returnShippingPaidBy: d.returnShippingPaidBy }),
  },
});

/** The return is on its way. */
const returnShipped: Applier<'ReturnShipped'> = (s, { data: d }) =>
  s.pendingReturn === undefined
    ? s
    : { ...s, pendingReturn: { ...s.pendingReturn, shipped: { carrier: d.carrier, trackingNumber: d.trackingNumber, at: d.at } } };

/** The resolution: its terms. */
const resolved: Applier<'Resolved'> = (s, { data: d }) => ({
  ...s,
  settled: true,
  resolution: { outcome: d.outcome, basis: d.basis, refund: d.refund, isFullRefund: d.isFullRefund, at: d.at, liability: liabilityOf(d) },
});

/** A refund made elsewhere adds to what the buyer got back outside the gateway. */
const externalRefundRecorded: Applier<'ExternalRefundRecorded'> = (s, { data: d }) => ({
  ...s,
  externallyRefunded: addMoneySaturating(s.externallyRefunded, d.amount),
  externalRefunds: [...(s.externalRefunds ?? []), { refundRef: d.refundRef, amount: d.amount, method: d.method, by: d.by, at: d.at }],
});

/** A chargeback is filed: it is remembered with the status it suspends. */
const chargebackOpened: Applier<'ChargebackOpened'> = (s, { data: d }) => ({
  ...s,
  chargebacks: [
    ...(s.chargebacks ?? []),
    { provider: d.provider, caseId: d.caseId, amount: d.amount, dueBy: d.dueBy, openedAt: d.at, suspendedFrom: s.status === 'CLOSED' || s.status === 'CHARGEBACK_OPEN' ? 'AWAITING_SELLER' : s.status },
  ],
});

/** The open chargeback is decided: a lost one adds to what went back to the buyer through the card issuer. */
const chargebackDecided: Applier<'ChargebackDecided'> = (s, { data: d }) => {
  const chargebacks = (s.chargebacks ?? []).map((c) => (c.caseId === d.caseId && c.outcome === undefined ? { ...c, outcome: d.outcome, lost: d.amount } : c));
  if (d.outcome !== 'LOST') return { ...s, chargebacks };
  // Held at the largest safe integer, so that a damaged history (a loss recorded twice) still folds; checkHistory reports it (M8).
  return { ...s, chargebacks, chargedBack: addMoneySaturating(s.chargedBack, d.amount) };
};

/**
 * How each event changes an opened dispute (bookkeeping shared by every event, and the track, are
 * done by `evolve`). A new event type does not compile until it is named here.
 */
const appliers: { readonly [K in EventType]: Applier<K> } = {
  DisputeOpened: (s) => s, // a second opening is ignored here; checkHistory reports it
  ProposalMade: proposalMade,
  ProposalAccepted: (s, { data: d }, scratch) => ({
    ...s,
    proposals: setProposalStatus(scratch, s, d.proposalId, 'ACCEPTED'),
    acceptedProposalId: d.proposalId,
    settled: true,
  }),
  ProposalRejected: (s, { data: d }, scratch) => ({ ...s, proposals: setProposalStatus(scratch, s, d.proposalId, 'REJECTED') }),
  EvidenceSubmitted: evidenceSubmitted,
  EvidenceRequested: (s, { data: d }) => ({ ...s, seen: { ...s.seen, requestIds: s.seen.requestIds.add(d.requestId) } }),
  MessagePosted: (s) => s,
  Escalated: escalated,
  RulingIssued: (s, { data: d }) => ({ ...s, ruledInRound: true, settled: true, rulingLiability: liabilityOf(d) }),
  ReturnRequested: returnRequested,
  ReturnShipped: returnShipped,
  ReturnReceived: (s, event) => (s.pendingReturn === undefined ? s : { ...s, pendingReturn: { ...s.pendingReturn, condition: event.data.condition } }),
  DeadlineExpired: deadlineExpired,
  Resolved: resolved,
  RefundIssued: (s, { data: d }) => ({
    ...s,
    refunded: d.amount,
    refund: { refundId: d.refundId, amount: d.amount, gatewayReference: d.gatewayReference, at: d.at },
  }),
  RefundFailed: (s) => ({ ...s, refundFailures: s.refundFailures + 1 }),
  DisputeCancelled: (s) => ({ ...s, cancelled: true }),
  DisputeClosed: (s, { data: d }) => ({ ...s, outcome: d.outcome, closedAt: d.at }),
  RefundBlocked: (s) => s,
  RefundRetried: (s) => ({ ...s, refundFailures: 0 }),
  PayoutHoldPlaced: (s, { data: d }) => ({ ...s, payoutHold: { amount: d.amount } }),
  PayoutHoldReleased: (s, { data: d }) => (s.payoutHold === undefined ? s : { ...s, payoutHold: { ...s.payoutHold, released: d.amount } }),
  ExternalRefundRecorded: externalRefundRecorded,
  ChargebackOpened: chargebackOpened,
  ChargebackDecided: chargebackDecided,
  RulingRevised: (s, { data: d }) => ({
    ...s,
    resolution: { outcome: d.outcome, basis: 'RULING', refund: d.refund, isFullRefund: d.isFullRefund, at: d.at, liability: liabilityOf(d) },
    refundFailures: 0,
  }),
};

/** Applies one event to an opened dispute with the applier of its type. */
const apply = <K extends EventType>(s: OpenedDispute, type: K, event: EventOf<K>, scratch: FoldScratch | undefined): OpenedDispute =>
  (appliers[type] as Applier<K>)(s, event, scratch);

/**
 * `evolve` for a fold that owns `scratch` (see `FoldScratch`): the same result, but the proposals
 * array the fold copied changes in place. Only `foldDisputeEvents` and `DisputeFolder` call it.
 */
export const evolveInFold = (state: DisputeState, event: DisputeEvent, scratch: FoldScratch | undefined): DisputeState => {
  if (state.status === 'NONE') return event.type === 'DisputeOpened' ? opened(event) : state;
  const applied = apply(state, event.type, event, scratch);
  // `apply` returns either `state` itself or an object it has just built that nobody else has seen:
  // the bookkeeping is written into that new object, so each event copies the state once, not twice.
  // A fold writes it into the state it built itself (nobody else has seen that one either).
  const owned = applied === state && scratch !== undefined && scratch.state === state;
  const next: Mutable<OpenedDispute> = applied !== state ? applied : owned ? state : { ...state };
  const at: Instant = event.data.at;
  next.version = state.version + 1;
  // Status, deadlines and open evidence requests come only from the track rules the read models share.
  const track = advanceDisputeTrack(state, event);
  next.status = track.status;
  next.deadlines = track.deadlines;
  next.openEvidenceRequests = track.openEvidenceRequests;
  next.lastEventAt = at > state.lastEventAt ? at : state.lastEventAt;
  if (!next.seen.commandIds.has(event.data.commandId)) {
    next.seen = { ...next.seen, commandIds: next.seen.commandIds.add(event.data.commandId) };
  }
  if (scratch !== undefined) scratch.state = next;
  return next;
};

/**
 * Folds one event into the state. Pure and total: it never throws on a decoded event, never reads a
 * clock, and never recomputes a deadline (deadlines come from the events). Events other than
 * `DisputeOpened` before an opening are ignored; `checkHistory` reports such histories. It never
 * changes `state`; to fold many events, `replay` is linear where a loop of `evolve` copies the
 * proposals at every proposal event.
 */
export const evolve = (state: DisputeState, event: DisputeEvent): DisputeState => evolveInFold(state, event, undefined);

/** A state under construction inside `evolve` (never one already returned). */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
