import type { Deadline, DisputeEvent, EventOf, EventType } from '@disputekit/core';
import type { Notification, NotificationKind, NotificationRecipient } from './notification';

/** The dispute's parties, from its `DisputeOpened`. */
export interface DisputeParties {
  readonly buyerId: string;
  readonly sellerId: string;
}

/** Where a stored event sits: its id and global position. */
export interface EventSource {
  readonly eventId: string;
  readonly globalPosition: number;
}

type Recipients = ReadonlyArray<NotificationRecipient>;
type Make = (kind: NotificationKind, to: Recipients, details?: Record<string, unknown>) => Notification[];

/** Who has to act before a deadline, or `undefined` when nobody does (the negotiation window). */
export const deadlineOwner = (deadline: Pick<Deadline, 'kind' | 'party'>, parties: DisputeParties): NotificationRecipient | undefined => {
  const buyer = { role: 'buyer', id: parties.buyerId } as const;
  const seller = { role: 'seller', id: parties.sellerId } as const;
  switch (deadline.kind) {
    case 'SELLER_RESPONSE':
    case 'RETURN_RECEIPT':
      return seller;
    case 'BUYER_RESPONSE':
    case 'RETURN_SHIPMENT':
      return buyer;
    case 'EVIDENCE_REQUEST':
      return deadline.party === 'seller' ? seller : deadline.party === 'buyer' ? buyer : undefined;
    default:
      return undefined;
  }
};

/** What each event type tells whom (besides "action required" for the deadlines it starts). Keyed by event type. */
const byType: { readonly [K in EventType]: (e: EventOf<K>, make: Make, both: Recipients, mediators: Recipients) => Notification[] } = {
  DisputeOpened: (e, make, both) => make('opened', both, { orderId: e.data.order.orderId, requested: e.data.requested, reason: e.data.reason }),
  ProposalMade: (e, make, both, _m) =>
    make('proposal_made', e.data.by.role === 'mediator' ? both : both.filter((r) => r.role !== e.data.by.role), {
      proposalId: e.data.proposalId,
      by: e.data.by.role,
      amount: e.data.amount,
      returnRequired: e.data.returnRequired,
    }),
  ProposalAccepted: () => [],
  ProposalRejected: () => [],
  EvidenceSubmitted: () => [],
  EvidenceRequested: () => [],
  MessagePosted: () => [],
  Escalated: (e, make, both, mediators) => [
    ...make('escalated', [...both, ...mediators], { reason: e.data.reason }),
    ...make('action_required', mediators, { reason: e.data.reason }),
  ],
  RulingIssued: (e, make, both) => make('ruled', both, { outcome: e.data.outcome, refund: e.data.refund, returnRequired: e.data.returnRequired }),
  ReturnRequested: () => [],
  ReturnShipped: () => [],
  ReturnReceived: () => [],
  DeadlineExpired: () => [],
  Resolved: (e, make, both) => make('resolved', both, { outcome: e.data.outcome, basis: e.data.basis, refund: e.data.refund }),
  RefundIssued: (e, make, both) => make('refunded', both, { amount: e.data.amount, refundId: e.data.refundId }),
  RefundFailed: () => [],
  DisputeCancelled: () => [],
  DisputeClosed: (e, make, both) => make('closed', both, { outcome: e.data.outcome, refunded: e.data.refunded }),
  RefundBlocked: (e, make, _both, mediators) => make('action_required', mediators, { reason: 'REFUND_BLOCKED', refundBlockReason: e.data.reason }),
  RefundRetried: () => [],
  PayoutHoldPlaced: () => [],
  PayoutHoldReleased: () => [],
  ExternalRefundRecorded: (e, make, both) => make('refunded', both, { amount: e.data.amount, refundRef: e.data.refundRef, method: e.data.method, elsewhere: true }),
  RulingRevised: (e, make, both) => make('ruled', both, { outcome: e.data.outcome, refund: e.data.refund, returnRequired: false, again: true }),
  ChargebackOpened: () => [],
  // A lost chargeback gave money back to the buyer through the card issuer.
  ChargebackDecided: (e, make, both) => (e.data.outcome === 'LOST' ? make('refunded', both, { amount: e.data.amount, caseId: e.data.caseId, chargeback: true }) : []),
};

const recipientKey = (r: NotificationRecipient): string => (r.role === 'mediator' ? 'mediators' : r.role);

/**
 * The notifications one stored event causes, per recipient: `opened`, `proposal_made`, `escalated`,
 * `ruled`, `resolved`, `refunded`, `closed`, and `action_required` for whoever must answer each
 * deadline the event starts (and for the mediators on escalation). Pure; ids are
 * `{eventId}:{kind}:{recipient}` (plus the deadline kind for action notices).
 */
export const notificationsFromEvent = (event: DisputeEvent, source: EventSource & { readonly eventType?: string }, parties: DisputeParties): ReadonlyArray<Notification> => {
  const both: Recipients = [
    { role: 'buyer', id: parties.buyerId },
    { role: 'seller', id: parties.sellerId },
  ];
  const mediators: Recipients = [{ role: 'mediator' }];
  const base = { disputeId: event.data.disputeId, at: event.data.at, source: { eventId: source.eventId, eventType: event.type, globalPosition: source.globalPosition } };
  const make: Make = (kind, to, details = {}) =>
    to.map((recipient) => ({ ...base, notificationId: `${source.eventId}:${kind}:${recipientKey(recipient)}`, kind, recipient, details }));
  const own = (byType[event.type] as (e: DisputeEvent, m: Make, b: Recipients, md: Recipients) => Notification[])(event, make, both, mediators);
  const started: ReadonlyArray<Deadline> = 'deadlines' in event.data ? event.data.deadlines : [];
  const actions = started.flatMap((deadline): Notification[] => {
    const owner = deadlineOwner(deadline, parties);
    if (owner === undefined) return [];
    return [
      {
        ...base,
        notificationId: `${source.eventId}:action_required:${recipientKey(owner)}:${deadline.kind}`,
        kind: 'action_required',
        recipient: owner,
        action: { deadline: deadline.kind, dueAt: deadline.dueAt },
        details: { after: event.type },
      },
    ];
  });
  return [...own, ...actions];
};
