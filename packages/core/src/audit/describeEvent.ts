import type { DisputeEvent, EventOf, EventType } from '../dispute/events';
import { formatMoney, type Money } from '../money/money';

/** What an event says in words, and the amount of money it is about, if any. */
export interface EventDescription {
  /** One short sentence without the actor (`proposed 40.00 USD, no return`). */
  readonly what: string;
  /** The amount the event is about: requested, proposed, accepted, ruled, resolved, refunded. */
  readonly money?: Money;
}

const MAX_QUOTE = 80;

const quote = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `“${flat.length > MAX_QUOTE ? `${flat.slice(0, MAX_QUOTE - 1)}…` : flat}”`;
};

const withReturn = (returnRequired: boolean): string => (returnRequired ? 'with a return' : 'no return');

const favour = (outcome: 'BUYER_FAVOUR' | 'SELLER_FAVOUR'): string => (outcome === 'BUYER_FAVOUR' ? "in the buyer's favour" : "in the seller's favour");

type Describer<K extends EventType> = (event: EventOf<K>) => EventDescription;

/** One describer for each event type: the compiler names a new event type that has none. */
const describers: { readonly [K in EventType]: Describer<K> } = {
  DisputeOpened: (event) => {
    const d = event.data;
    return {
      what: `opened a ${d.kind} dispute (${d.reason.group}/${d.reason.code}) about order ${d.order.orderId}, asking ${formatMoney(d.requested)} of ${formatMoney(d.refundable)} refundable, under the ${d.policy.name} policy`,
      money: d.requested,
    };
  },
  ProposalMade: (event) => {
    const d = event.data;
    return {
      what: `proposed ${formatMoney(d.amount)}, ${withReturn(d.returnRequired)} (${d.proposalId}${d.supersedes === undefined ? '' : `, replacing ${d.supersedes}`})`,
      money: d.amount,
    };
  },
  ProposalAccepted: (event) => {
    const d = event.data;
    const behalf = d.onBehalfOf === undefined ? '' : ` on the silent ${d.onBehalfOf}'s behalf`;
    return { what: `accepted proposal ${d.proposalId}${behalf}: ${formatMoney(d.amount)}, ${withReturn(d.returnRequired)}`, money: d.amount };
  },
  ProposalRejected: (event) => ({ what: `rejected proposal ${event.data.proposalId}${event.data.note === undefined ? '' : ` ${quote(event.data.note)}`}` }),
  EvidenceSubmitted: (event) => {
    const e = event.data.evidence;
    return { what: `submitted evidence ${e.evidenceId} (${e.kind}, ${e.mime})${event.data.answersRequestId === undefined ? '' : ` answering request ${event.data.answersRequestId}`}` };
  },
  EvidenceRequested: (event) => ({ what: `asked the ${event.data.from} for evidence (${event.data.requestId}): ${quote(event.data.description)}` }),
  MessagePosted: (event) => ({ what: `wrote ${quote(event.data.text)}` }),
  Escalated: (event) => ({ what: `escalated to mediation (${event.data.reason})` }),
  RulingIssued: (event) => {
    const d = event.data;
    return {
      what: `ruled ${favour(d.outcome)} (${d.round} round): refund ${formatMoney(d.refund)}, ${withReturn(d.returnRequired)} — ${quote(d.rationale)}`,
      money: d.refund,
    };
  },
  ReturnRequested: (event) => ({ what: `requested the item back before a refund of ${formatMoney(event.data.refund)} (${event.data.basis})`, money: event.data.refund }),
  ReturnShipped: (event) => ({ what: `shipped the return with ${event.data.carrier}, tracking ${event.data.trackingNumber}` }),
  ReturnReceived: (event) => ({ what: `received the return: ${event.data.condition}` }),
  DeadlineExpired: (event) => ({ what: `${event.data.kind}${event.data.party === undefined ? '' : ` (${event.data.party})`} deadline due ${event.data.dueAt} expired` }),
  Resolved: (event) => {
    const d = event.data;
    const kind = d.refund.amount === 0 ? 'no refund' : d.isFullRefund ? 'full refund' : 'partial refund';
    const covered = d.liability !== undefined && d.liability.platform.amount > 0 ? `; the platform covers ${formatMoney(d.liability.platform)} (${d.liability.cause})` : '';
    return { what: `resolved ${favour(d.outcome)} by ${d.basis}: ${kind} of ${formatMoney(d.refund)}${covered}`, money: d.refund };
  },
  RefundIssued: (event) => ({ what: `refunded ${formatMoney(event.data.amount)} (gateway reference ${event.data.gatewayReference})`, money: event.data.amount }),
  RefundFailed: (event) => ({ what: `refund attempt ${event.data.attempt} failed: ${event.data.errorCode}${event.data.permanent === true ? ' (permanent)' : event.data.retryable ? ' (will be retried)' : ' (not retryable)'}` }),
  DisputeCancelled: (event) => ({ what: `cancelled the dispute (${event.data.reason})${event.data.note === undefined ? '' : ` ${quote(event.data.note)}`}` }),
  DisputeClosed: (event) => ({ what: `closed: ${event.data.outcome}, ${formatMoney(event.data.refunded)} refunded`, money: event.data.refunded }),
  RefundBlocked: (event) => ({ what: `blocked the refund for a mediator (${event.data.reason}, after ${event.data.failures} failed attempts)` }),
  RefundRetried: (event) => ({ what: `sent the blocked refund back for another attempt${event.data.note === undefined ? '' : ` ${quote(event.data.note)}`}` }),
  PayoutHoldPlaced: (event) => ({ what: `held ${formatMoney(event.data.amount)} of the seller's payout`, money: event.data.amount }),
  PayoutHoldReleased: (event) => ({
      what: `released ${formatMoney(event.data.amount)} of the held payout to the seller (${formatMoney(event.data.consumed)} paid the refund)`,
      money: event.data.amount,
    }),
  ExternalRefundRecorded: (event) => ({ what: `recorded a refund made elsewhere of ${formatMoney(event.data.amount)} (${event.data.method}, reference ${event.data.refundRef})`, money: event.data.amount }),
  RulingRevised: (event) => ({ what: `ruled again on the blocked refund ${favour(event.data.outcome)}: refund ${formatMoney(event.data.refund)} — ${quote(event.data.rationale)}`, money: event.data.refund }),
  ChargebackOpened: (event) => ({
    what: `recorded a chargeback of ${formatMoney(event.data.amount)} with ${event.data.provider} (case ${event.data.caseId}, answer due by ${event.data.dueBy})`,
    money: event.data.amount,
  }),
  ChargebackDecided: (event) =>
    event.data.outcome === 'LOST'
      ? { what: `recorded chargeback ${event.data.caseId} lost: ${formatMoney(event.data.amount)} went back to the buyer through the card issuer`, money: event.data.amount }
      : { what: `recorded chargeback ${event.data.caseId} won: nothing went back to the buyer` },
};

/** Describes a dispute event for a timeline: a sentence and the money it is about. Pure and total. */
export const describeEvent = (event: DisputeEvent): EventDescription => (describers[event.type] as Describer<EventType>)(event as never);
