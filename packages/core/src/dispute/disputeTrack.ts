import { startDeadlines, stopDeadlineSlot, stopDeadlines } from './deadlines';
import type { DisputeEvent } from './events';
import { proposalAuthorOfRole } from './proposalAuthor';
import type { OpenedDispute } from './state';

/**
 * The part of an opened dispute's state that says where it stands: its status, running deadlines and
 * open evidence requests (process rules §3, §6). `evolve` moves it with `advanceDisputeTrack`, and
 * read models that keep only this part (not the whole state) move it the same way.
 */
export type DisputeTrack = Pick<OpenedDispute, 'status' | 'deadlines' | 'openEvidenceRequests'>;

const isNegotiating = (track: DisputeTrack): boolean => track.status === 'AWAITING_SELLER' || track.status === 'AWAITING_BUYER';

/** The track after a proposal or a rejection whose author hands the turn to the other party. */
const turnTo = (track: DisputeTrack, nextToAct: 'buyer' | 'seller', started: DisputeTrack['deadlines']): DisputeTrack => ({
  ...track,
  status: nextToAct === 'seller' ? 'AWAITING_SELLER' : 'AWAITING_BUYER',
  deadlines: startDeadlines(stopDeadlines(track.deadlines, [nextToAct === 'seller' ? 'BUYER_RESPONSE' : 'SELLER_RESPONSE']), started),
});

const withStarted = (track: DisputeTrack, started: DisputeTrack['deadlines']): DisputeTrack => ({
  ...track,
  deadlines: startDeadlines(track.deadlines, started),
});

const settledAt = (status: DisputeTrack['status']): DisputeTrack => ({ status, deadlines: [], openEvidenceRequests: [] });

type EventOf<K extends DisputeEvent['type']> = Extract<DisputeEvent, { type: K }>;

const afterProposal = (track: DisputeTrack, event: EventOf<'ProposalMade'>): DisputeTrack => {
  const author = proposalAuthorOfRole(event.data.by.role);
  if (!isNegotiating(track) || author === 'mediator') return withStarted(track, event.data.deadlines);
  return turnTo(track, author === 'buyer' ? 'seller' : 'buyer', event.data.deadlines);
};

const afterRejection = (track: DisputeTrack, event: EventOf<'ProposalRejected'>): DisputeTrack => {
  if (!isNegotiating(track)) return withStarted(track, event.data.deadlines);
  return turnTo(track, event.data.by.role === 'seller' ? 'buyer' : 'seller', event.data.deadlines);
};

const afterEvidence = (track: DisputeTrack, event: EventOf<'EvidenceSubmitted'>): DisputeTrack => {
  const answered = event.data.answersRequestId;
  if (answered === undefined) return track;
  const party = event.data.by.role === 'seller' ? 'seller' : 'buyer';
  return {
    ...track,
    openEvidenceRequests: track.openEvidenceRequests.filter((r) => r.requestId !== answered),
    deadlines: stopDeadlineSlot(track.deadlines, 'EVIDENCE_REQUEST', party),
  };
};

const afterEvidenceRequest = (track: DisputeTrack, event: EventOf<'EvidenceRequested'>): DisputeTrack => {
  const d = event.data;
  const deadline = d.deadlines[0];
  return {
    ...track,
    openEvidenceRequests: [
      ...track.openEvidenceRequests.filter((r) => r.from !== d.from),
      { requestId: d.requestId, from: d.from, requestedAt: d.at, dueAt: deadline ? deadline.dueAt : d.at },
    ],
    deadlines: startDeadlines(track.deadlines, d.deadlines),
  };
};

const afterExpiry = (track: DisputeTrack, event: EventOf<'DeadlineExpired'>): DisputeTrack => {
  const d = event.data;
  return {
    ...track,
    deadlines: stopDeadlineSlot(track.deadlines, d.kind, d.party),
    openEvidenceRequests: d.kind === 'EVIDENCE_REQUEST' ? track.openEvidenceRequests.filter((r) => r.from !== d.party) : track.openEvidenceRequests,
  };
};

/**
 * The track after one event of an opened dispute. Pure; returns `track` itself when the event does not
 * move it (a second `DisputeOpened`, a message, an acceptance, a ruling, a refund event).
 */
export const advanceDisputeTrack = (track: DisputeTrack, event: DisputeEvent): DisputeTrack => {
  switch (event.type) {
    case 'ProposalMade':
      return afterProposal(track, event);
    case 'ProposalRejected':
      return afterRejection(track, event);
    case 'EvidenceSubmitted':
      return afterEvidence(track, event);
    case 'EvidenceRequested':
      return afterEvidenceRequest(track, event);
    case 'Escalated':
      return settledAt('UNDER_MEDIATION');
    case 'ReturnRequested':
      return { status: 'AWAITING_RETURN_SHIPMENT', deadlines: event.data.deadlines, openEvidenceRequests: [] };
    case 'ReturnShipped':
      return { ...track, status: 'AWAITING_RETURN_RECEIPT', deadlines: startDeadlines(stopDeadlines(track.deadlines, ['RETURN_SHIPMENT']), event.data.deadlines) };
    case 'ReturnReceived':
      return { ...track, deadlines: stopDeadlines(track.deadlines, ['RETURN_RECEIPT']) };
    case 'DeadlineExpired':
      return afterExpiry(track, event);
    case 'Resolved':
      return settledAt(event.data.outcome === 'BUYER_FAVOUR' && event.data.refund.amount > 0 ? 'AWAITING_REFUND' : track.status);
    case 'DisputeCancelled':
      return { ...track, deadlines: [], openEvidenceRequests: [] };
    case 'DisputeClosed':
      return settledAt('CLOSED');
    case 'DisputeOpened':
    case 'ProposalAccepted':
    case 'MessagePosted':
    case 'RulingIssued':
    case 'RefundIssued':
    case 'PayoutHoldPlaced':
    case 'PayoutHoldReleased':
      return track;
    case 'RefundFailed':
      return event.data.deadlines === undefined ? track : withStarted(track, event.data.deadlines);
    case 'RefundBlocked':
      return settledAt('REFUND_BLOCKED');
    case 'RefundRetried':
      return { ...track, status: 'AWAITING_REFUND' };
    case 'ExternalRefundRecorded':
      return track;
    case 'RulingRevised':
      return event.data.outcome === 'BUYER_FAVOUR' ? { ...track, status: 'AWAITING_REFUND' } : track;
    case 'ChargebackOpened':
      // The dispute's own deadlines keep running but are not fired while the chargeback is open (decision 0006).
      return { ...track, status: 'CHARGEBACK_OPEN', deadlines: startDeadlines(track.deadlines, event.data.deadlines) };
    case 'ChargebackDecided':
      return { ...track, status: event.data.resumes, deadlines: stopDeadlines(track.deadlines, ['REPRESENTMENT']) };
  }
};

/** The track of a dispute as its opening event starts it. */
export const openingTrack = (event: EventOf<'DisputeOpened'>): DisputeTrack => ({
  status: 'AWAITING_SELLER',
  deadlines: event.data.deadlines,
  openEvidenceRequests: [],
});
