import { advanceDisputeTrack, openingTrack, type DisputeTrack, type DeadlineKind, type DisputeEvent, type DisputeStatus, type Party } from '@disputekit/core';

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
 * it stands, its running deadlines and its open evidence requests. Moved by core's own rules
 * (`advanceDisputeTrack`, the ones `evolve` uses), kept in plain JSON form in a stable order.
 */
export interface StoredDisputeTrack {
  readonly status: Exclude<DisputeStatus, 'NONE'>;
  readonly deadlines: ReadonlyArray<TrackedDeadline>;
  readonly openEvidenceRequests: ReadonlyArray<TrackedEvidenceRequest>;
}

const plain = (d: { kind: DeadlineKind; dueAt: string; party?: Party | undefined }): TrackedDeadline =>
  d.party === undefined ? { kind: d.kind, dueAt: d.dueAt } : { kind: d.kind, dueAt: d.dueAt, party: d.party };

/** Deadlines in a stable order: due first, then kind, then party. */
export const sortDeadlines = (deadlines: ReadonlyArray<TrackedDeadline>): ReadonlyArray<TrackedDeadline> =>
  [...deadlines].sort((a, b) =>
    a.dueAt !== b.dueAt ? (a.dueAt < b.dueAt ? -1 : 1) : a.kind !== b.kind ? (a.kind < b.kind ? -1 : 1) : (a.party ?? '') < (b.party ?? '') ? -1 : (a.party ?? '') > (b.party ?? '') ? 1 : 0,
  );

/** The read models' form of core's track: deadlines without absent keys, in a stable order. */
const stored = (track: DisputeTrack): StoredDisputeTrack => ({
  status: track.status,
  deadlines: sortDeadlines(track.deadlines.map(plain)),
  openEvidenceRequests: track.openEvidenceRequests,
});

/**
 * Core's view of a stored track. Its deadlines and requests were written by `stored` from decoded
 * events, so their instants are canonical.
 */
const asCore = (track: StoredDisputeTrack): DisputeTrack => track as DisputeTrack;

/**
 * The track after one event; `undefined` before the dispute is opened (events before an opening are
 * ignored, as `evolve` does). Deadlines come out in a stable order (`sortDeadlines`).
 */
export const advanceTrack = (track: StoredDisputeTrack | undefined, event: DisputeEvent): StoredDisputeTrack | undefined => {
  if (track === undefined) return event.type === 'DisputeOpened' ? stored(openingTrack(event)) : undefined;
  return stored(advanceDisputeTrack(asCore(track), event));
};

/** PayPal-style "who must act" for one party. */
export type PartyAction = 'REQUIRED_ACTION' | 'REQUIRED_OTHER_PARTY_ACTION' | 'UNDER_REVIEW' | 'RESOLVED';

/** Who must act next, for the buyer and the seller, given where the dispute stands. */
export const partyActions = (track: StoredDisputeTrack): { readonly buyer: PartyAction; readonly seller: PartyAction } => {
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
    case 'REFUND_BLOCKED':
    case 'CHARGEBACK_OPEN':
      return { buyer: 'UNDER_REVIEW', seller: 'UNDER_REVIEW' };
    case 'CLOSED':
      return { buyer: 'RESOLVED', seller: 'RESOLVED' };
  }
};
