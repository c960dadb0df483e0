import type { DeadlineKind, DisputeEvent, DisputeStatus, Party } from '@disputekit/core';

/** A running deadline as read models store it (a JSON column). */
export interface TrackedDeadline {
  readonly kind: DeadlineKind;
  readonly dueAt: string;
  readonly party?: Party;
}

/** An evidence request a party has not answered yet. */
export interface TrackedEvidenceRequest {
  readonly requestId: string;
  readonly from: Party;
  readonly requestedAt: string;
  readonly dueAt: string;
}

/**
 * The small part of a dispute's state that read models need and cannot read off one event: where
 * it stands, its running deadlines and its open evidence requests. Folded from the events by
 * `advanceTrack`, following the same rules as the aggregate's `evolve` (process rules §3, §6).
 */
export interface DisputeTrack {
  readonly status: Exclude<DisputeStatus, 'NONE'>;
  readonly deadlines: ReadonlyArray<TrackedDeadline>;
  readonly openEvidenceRequests: ReadonlyArray<TrackedEvidenceRequest>;
}

const sameSlot = (a: { kind: string; party?: string | undefined }, b: { kind: string; party?: string | undefined }) =>
  a.kind === b.kind && a.party === b.party;

const plain = (d: { kind: DeadlineKind; dueAt: string; party?: Party | undefined }): TrackedDeadline =>
  d.party === undefined ? { kind: d.kind, dueAt: d.dueAt } : { kind: d.kind, dueAt: d.dueAt, party: d.party };

/** Deadlines in a stable order: due first, then kind, then party. */
export const sortDeadlines = (deadlines: ReadonlyArray<TrackedDeadline>): ReadonlyArray<TrackedDeadline> =>
  [...deadlines].sort((a, b) =>
    a.dueAt !== b.dueAt ? (a.dueAt < b.dueAt ? -1 : 1) : a.kind !== b.kind ? (a.kind < b.kind ? -1 : 1) : (a.party ?? '') < (b.party ?? '') ? -1 : (a.party ?? '') > (b.party ?? '') ? 1 : 0,
  );

const start = (running: ReadonlyArray<TrackedDeadline>, started: ReadonlyArray<{ kind: DeadlineKind; dueAt: string; party?: Party | undefined }>) =>
  started.length === 0 ? running : [...running.filter((d) => !started.some((s) => sameSlot(s, d))), ...started.map(plain)];

const stop = (running: ReadonlyArray<TrackedDeadline>, kinds: ReadonlyArray<DeadlineKind>) => running.filter((d) => !kinds.includes(d.kind));

const stopSlot = (running: ReadonlyArray<TrackedDeadline>, kind: DeadlineKind, party: Party | undefined) =>
  running.filter((d) => !sameSlot(d, { kind, party }));

const negotiating = (t: DisputeTrack) => t.status === 'AWAITING_SELLER' || t.status === 'AWAITING_BUYER';

const next = (t: DisputeTrack, event: DisputeEvent): DisputeTrack => {
  switch (event.type) {
    case 'ProposalMade': {
      const role = event.data.by.role;
      if (!negotiating(t) || (role !== 'buyer' && role !== 'seller')) return { ...t, deadlines: start(t.deadlines, event.data.deadlines) };
      return role === 'buyer'
        ? { ...t, status: 'AWAITING_SELLER', deadlines: start(stop(t.deadlines, ['BUYER_RESPONSE']), event.data.deadlines) }
        : { ...t, status: 'AWAITING_BUYER', deadlines: start(stop(t.deadlines, ['SELLER_RESPONSE']), event.data.deadlines) };
    }
    case 'ProposalRejected':
      if (!negotiating(t)) return { ...t, deadlines: start(t.deadlines, event.data.deadlines) };
      return event.data.by.role === 'seller'
        ? { ...t, status: 'AWAITING_BUYER', deadlines: start(stop(t.deadlines, ['SELLER_RESPONSE']), event.data.deadlines) }
        : { ...t, status: 'AWAITING_SELLER', deadlines: start(stop(t.deadlines, ['BUYER_RESPONSE']), event.data.deadlines) };
    case 'EvidenceSubmitted': {
      const answered = event.data.answersRequestId;
      if (answered === undefined) return t;
      const party: Party = event.data.by.role === 'seller' ? 'seller' : 'buyer';
      return {
        ...t,
        openEvidenceRequests: t.openEvidenceRequests.filter((r) => r.requestId !== answered),
        deadlines: stopSlot(t.deadlines, 'EVIDENCE_REQUEST', party),
      };
    }
    case 'EvidenceRequested': {
      const d = event.data;
      const due = d.deadlines[0]?.dueAt ?? d.at;
      return {
        ...t,
        openEvidenceRequests: [...t.openEvidenceRequests.filter((r) => r.from !== d.from), { requestId: d.requestId, from: d.from, requestedAt: d.at, dueAt: due }],
        deadlines: start(t.deadlines, d.deadlines),
      };
    }
    case 'Escalated':
      return { status: 'UNDER_MEDIATION', deadlines: [], openEvidenceRequests: [] };
    case 'ReturnRequested':
      return { status: 'AWAITING_RETURN_SHIPMENT', deadlines: event.data.deadlines.map(plain), openEvidenceRequests: [] };
    case 'ReturnShipped':
      return { ...t, status: 'AWAITING_RETURN_RECEIPT', deadlines: start(stop(t.deadlines, ['RETURN_SHIPMENT']), event.data.deadlines) };
    case 'ReturnReceived':
      return { ...t, deadlines: stop(t.deadlines, ['RETURN_RECEIPT']) };
    case 'DeadlineExpired': {
      const d = event.data;
      return {
        ...t,
        deadlines: stopSlot(t.deadlines, d.kind, d.party),
        openEvidenceRequests: d.kind === 'EVIDENCE_REQUEST' ? t.openEvidenceRequests.filter((r) => r.from !== d.party) : t.openEvidenceRequests,
      };
    }
    case 'Resolved':
      return {
        status: event.data.outcome === 'BUYER_FAVOUR' && event.data.refund.amount > 0 ? 'AWAITING_REFUND' : t.status,
        deadlines: [],
        openEvidenceRequests: [],
      };
    case 'DisputeCancelled':
      return { ...t, deadlines: [], openEvidenceRequests: [] };
    case 'DisputeClosed':
      return { status: 'CLOSED', deadlines: [], openEvidenceRequests: [] };
    case 'DisputeOpened':
    case 'ProposalAccepted':
    case 'MessagePosted':
    case 'RulingIssued':
    case 'RefundIssued':
    case 'RefundFailed':
      return t;
  }
};

/**
 * The track after one event; `undefined` before the dispute is opened (events before an opening are
 * ignored, as `evolve` does). Deadlines come out in a stable order (`sortDeadlines`).
 */
export const advanceTrack = (track: DisputeTrack | undefined, event: DisputeEvent): DisputeTrack | undefined => {
  if (track === undefined) {
    return event.type === 'DisputeOpened'
      ? { status: 'AWAITING_SELLER', deadlines: sortDeadlines(event.data.deadlines.map(plain)), openEvidenceRequests: [] }
      : undefined;
  }
  const moved = next(track, event);
  return { ...moved, deadlines: sortDeadlines(moved.deadlines) };
};

/** PayPal-style "who must act" for one party. */
export type PartyAction = 'REQUIRED_ACTION' | 'REQUIRED_OTHER_PARTY_ACTION' | 'UNDER_REVIEW' | 'RESOLVED';

/** Who must act next, for the buyer and the seller, given where the dispute stands. */
export const partyActions = (track: DisputeTrack): { readonly buyer: PartyAction; readonly seller: PartyAction } => {
  switch (track.status) {
    case 'AWAITING_SELLER':
    case 'AWAITING_RETURN_RECEIPT':
      return { buyer: 'REQUIRED_OTHER_PARTY_ACTION', seller: 'REQUIRED_ACTION' };
    case 'AWAITING_BUYER':
    case 'AWAITING_RETURN_SHIPMENT':
      return { buyer: 'REQUIRED_ACTION', seller: 'REQUIRED_OTHER_PARTY_ACTION' };
    case 'UNDER_MEDIATION': {
      const asked = (p: Party) => track.openEvidenceRequests.some((r) => r.from === p);
      return { buyer: asked('buyer') ? 'REQUIRED_ACTION' : 'UNDER_REVIEW', seller: asked('seller') ? 'REQUIRED_ACTION' : 'UNDER_REVIEW' };
    }
    case 'AWAITING_REFUND':
      return { buyer: 'UNDER_REVIEW', seller: 'UNDER_REVIEW' };
    case 'CLOSED':
      return { buyer: 'RESOLVED', seller: 'RESOLVED' };
  }
};
