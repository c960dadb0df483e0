import { millisOf, openChargebackOf, replay, type DisputeEvent, type Instant, type OpenedDispute } from '@disputekit/core';
import { type Row } from '../readSide/rows';

/**
 * The read models computed the slow, obvious way, from the aggregate's own fold (`replay`) of each
 * whole history: the oracle the projections are checked against (test support).
 */

const byDeadline = (a: { kind: string; dueAt: string; party?: string | undefined }, b: { kind: string; dueAt: string; party?: string | undefined }) =>
  a.dueAt !== b.dueAt ? (a.dueAt < b.dueAt ? -1 : 1) : a.kind !== b.kind ? (a.kind < b.kind ? -1 : 1) : (a.party ?? '') < (b.party ?? '') ? -1 : (a.party ?? '') > (b.party ?? '') ? 1 : 0;

const plainDeadline = (d: { kind: string; dueAt: string; party?: string | undefined }) =>
  d.party === undefined ? { kind: d.kind, dueAt: d.dueAt } : { kind: d.kind, dueAt: d.dueAt, party: d.party };

const actionsFor = (s: OpenedDispute): [string, string] => {
  const other = 'REQUIRED_OTHER_PARTY_ACTION';
  switch (s.status) {
    case 'AWAITING_SELLER':
    case 'AWAITING_RETURN_RECEIPT':
      return [other, 'REQUIRED_ACTION'];
    case 'AWAITING_BUYER':
    case 'AWAITING_RETURN_SHIPMENT':
      return ['REQUIRED_ACTION', other];
    case 'UNDER_MEDIATION':
      return [
        s.openEvidenceRequests.some((r) => r.from === 'buyer') ? 'REQUIRED_ACTION' : 'UNDER_REVIEW',
        s.openEvidenceRequests.some((r) => r.from === 'seller') ? 'REQUIRED_ACTION' : 'UNDER_REVIEW',
      ];
    case 'AWAITING_REFUND':
    case 'REFUND_BLOCKED':
    case 'CHARGEBACK_OPEN':
      return ['UNDER_REVIEW', 'UNDER_REVIEW'];
    default:
      return ['RESOLVED', 'RESOLVED'];
  }
};

const current = (s: OpenedDispute, author: 'buyer' | 'seller' | 'mediator') => {
  const id = s.currentProposals[author];
  return id === undefined ? undefined : s.proposals.find((p) => p.proposalId === id);
};

const last = <T extends DisputeEvent['type']>(events: ReadonlyArray<DisputeEvent>, type: T) =>
  [...events].reverse().find((e) => e.type === type) as Extract<DisputeEvent, { type: T }> | undefined;

const opened = (events: ReadonlyArray<DisputeEvent>): OpenedDispute | undefined => {
  const state = replay(events);
  return state.status === 'NONE' ? undefined : state;
};

/** The open chargeback's columns of the summary, from the state (decision 0006). */
const openChargebackColumns = (s: OpenedDispute) => {
  const open = openChargebackOf(s);
  return {
    chargebackCaseId: open?.caseId ?? null,
    chargebackProvider: open?.provider ?? null,
    chargebackAmount: open?.amount.amount ?? null,
    chargebackDueBy: open?.dueBy ?? null,
  };
};

/** The expected `dispute_summary` row of one history. */
export const expectedSummary = (events: ReadonlyArray<DisputeEvent>): Row | undefined => {
  const s = opened(events);
  if (s === undefined) return undefined;
  const deadlines = [...s.deadlines].map(plainDeadline).sort(byDeadline);
  const [buyerAction, sellerAction] = actionsFor(s);
  const escalated = last(events, 'Escalated');
  const failure = last(events, 'RefundFailed');
  const mediatorEvent = [...events].reverse().find((e) => e.data.by.role === 'mediator');
  return {
    disputeId: s.disputeId,
    orderId: s.orderId,
    buyerId: s.buyerId,
    sellerId: s.sellerId,
    kind: s.kind,
    reasonGroup: s.reason.group,
    reasonCode: s.reason.code,
    itemReceived: s.itemReceived,
    currency: s.refundable.currency,
    status: s.status,
    buyerAction,
    sellerAction,
    deadlines,
    nextDeadlineAt: deadlines[0]?.dueAt ?? null,
    nextDeadlineKind: deadlines[0]?.kind ?? null,
    openEvidenceRequests: s.openEvidenceRequests.map((r) => ({ requestId: r.requestId, from: r.from, requestedAt: r.requestedAt, dueAt: r.dueAt })),
    refundable: s.refundable.amount,
    amountAsked: current(s, 'buyer')?.amount.amount ?? null,
    amountOffered: current(s, 'seller')?.amount.amount ?? null,
    amountProposedByMediator: current(s, 'mediator')?.amount.amount ?? null,
    amountResolved: s.resolution?.refund.amount ?? s.pendingReturn?.refund.amount ?? null,
    amountRefunded: s.refunded.amount,
    resolutionOutcome: s.resolution?.outcome ?? null,
    resolutionBasis: s.resolution?.basis ?? null,
    outcome: s.outcome ?? null,
    escalated: s.escalated,
    escalatedAt: escalated?.data.at ?? null,
    escalationReason: escalated?.data.reason ?? null,
    mediatorId: mediatorEvent?.data.by.id ?? null,
    refundFailures: s.refundFailures,
    lastRefundFailureAt: failure?.data.at ?? null,
    lastRefundErrorCode: failure?.data.errorCode ?? null,
    lastRefundRetryable: failure?.data.retryable ?? null,
    openedAt: s.openedAt,
    closedAt: s.closedAt ?? null,
    updatedAt: s.lastEventAt,
    lastVersion: events.length,
    amountRefundedElsewhere: s.externallyRefunded?.amount ?? 0,
    externalRefundCount: s.externalRefunds?.length ?? 0,
    amountChargedBack: s.chargedBack?.amount ?? 0,
    chargebackCount: s.chargebacks?.length ?? 0,
    ...openChargebackColumns(s),
  };
};

/** The expected `deadline_queue` rows of one history. */
export const expectedDeadlines = (events: ReadonlyArray<DisputeEvent>): Row[] => {
  const s = opened(events);
  if (s === undefined) return [];
  // While a chargeback is open only its REPRESENTMENT deadline may fire; the others wait (decision 0006).
  const firable = s.status === 'CHARGEBACK_OPEN' ? s.deadlines.filter((d) => d.kind === 'REPRESENTMENT') : s.deadlines;
  return firable.map((d) => ({
    deadlineKey: `${s.disputeId}|${d.kind}|${d.party ?? ''}`,
    disputeId: s.disputeId,
    kind: d.kind,
    party: d.party ?? null,
    dueAt: d.dueAt,
  }));
};

/** The expected `mediator_queue` row of one history (only while under mediation). */
export const expectedMediatorItem = (events: ReadonlyArray<DisputeEvent>): Row | undefined => {
  const s = opened(events);
  if (s !== undefined && s.status === 'REFUND_BLOCKED') {
    const blocked = last(events, 'RefundBlocked')!;
    return {
      disputeId: s.disputeId,
      buyerId: s.buyerId,
      sellerId: s.sellerId,
      currency: s.refundable.currency,
      refundable: s.refundable.amount,
      amountAsked: current(s, 'buyer')?.amount.amount ?? null,
      escalatedAt: blocked.data.at,
      escalationReason: 'REFUND_BLOCKED',
      round: 'REFUND',
      refundBlockReason: blocked.data.reason,
      openEvidenceRequests: [],
      openEvidenceRequestCount: 0,
      lastActivityAt: s.lastEventAt,
    };
  }
  if (s === undefined || s.status !== 'UNDER_MEDIATION') return undefined;
  const escalated = last(events, 'Escalated')!;
  return {
    disputeId: s.disputeId,
    buyerId: s.buyerId,
    sellerId: s.sellerId,
    currency: s.refundable.currency,
    refundable: s.refundable.amount,
    amountAsked: current(s, 'buyer')?.amount.amount ?? null,
    escalatedAt: escalated.data.at,
    escalationReason: escalated.data.reason,
    round: s.mediationRound ?? 'DISPUTE',
    refundBlockReason: null,
    openEvidenceRequests: s.openEvidenceRequests.map((r) => ({ requestId: r.requestId, from: r.from, requestedAt: r.requestedAt, dueAt: r.dueAt })),
    openEvidenceRequestCount: s.openEvidenceRequests.length,
    lastActivityAt: s.lastEventAt,
  };
};

/** The expected seller scorecards (`seller_scorecards` counters plus the median), keyed `sellerId|currency`. */
export const expectedScorecards = (histories: ReadonlyArray<ReadonlyArray<DisputeEvent>>): Map<string, Record<string, unknown>> => {
  const cards = new Map<string, Record<string, unknown> & { closeSeconds: number[] }>();
  for (const events of histories) {
    const s = opened(events);
    if (s === undefined) continue;
    const key = `${s.sellerId}|${s.refundable.currency}`;
    const card = cards.get(key) ?? {
      scorecardKey: key,
      sellerId: s.sellerId,
      currency: s.refundable.currency,
      disputesOpened: 0,
      openNow: 0,
      escalated: 0,
      resolved: 0,
      buyerFavour: 0,
      refundedTotal: 0,
      closed: 0,
      silenceCount: 0,
      sellerPaidTotal: 0,
      platformCoveredTotal: 0,
      closeSeconds: [] as number[],
    };
    const n = (k: string) => card[k] as number;
    card.disputesOpened = n('disputesOpened') + 1;
    card.openNow = n('openNow') + (s.status === 'CLOSED' ? 0 : 1);
    card.escalated = n('escalated') + (s.escalated ? 1 : 0);
    card.resolved = n('resolved') + (s.resolution === undefined ? 0 : 1);
    card.buyerFavour = n('buyerFavour') + (s.resolution?.outcome === 'BUYER_FAVOUR' ? 1 : 0);
    // What went back: the gateway's refund and lost chargebacks (they pay the platform's share first), and what the seller refunded elsewhere.
    const viaMerchant = s.refunded.amount + (s.chargedBack?.amount ?? 0);
    const given = viaMerchant + (s.externallyRefunded?.amount ?? 0);
    card.refundedTotal = n('refundedTotal') + given;
    const covered = Math.min(viaMerchant, s.resolution?.liability.platform.amount ?? 0);
    card.platformCoveredTotal = n('platformCoveredTotal') + covered;
    card.sellerPaidTotal = n('sellerPaidTotal') + given - covered;
    card.closed = n('closed') + (s.status === 'CLOSED' ? 1 : 0);
    card.silenceCount =
      n('silenceCount') +
      events.filter(
        (e) =>
          e.type === 'DeadlineExpired' &&
          (e.data.kind === 'SELLER_RESPONSE' || e.data.kind === 'RETURN_RECEIPT' || (e.data.kind === 'EVIDENCE_REQUEST' && e.data.party === 'seller')),
      ).length;
    if (s.closedAt !== undefined) card.closeSeconds.push(Math.floor((millisOf(s.closedAt) - millisOf(s.openedAt as Instant)) / 1000));
    cards.set(key, card);
  }
  return cards;
};

/** The median of numbers (`null` for none). */
export const median = (values: ReadonlyArray<number>): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor((sorted.length - 1) / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid]! + sorted[mid + 1]!) / 2;
};

/** The expected `platform_costs` rows, from each history's latest resolution, refund and lost chargebacks, keyed `currency|cause`. */
export const expectedPlatformCosts = (histories: ReadonlyArray<ReadonlyArray<DisputeEvent>>): Map<string, Record<string, unknown>> => {
  const costs = new Map<string, Record<string, unknown>>();
  for (const events of histories) {
    const s = opened(events);
    const liability = s?.resolution?.liability;
    // The gateway's refund and lost chargebacks pay the platform's share (refunds made elsewhere are the seller's).
    const refunded = (s?.refunded.amount ?? 0) + (s?.chargedBack?.amount ?? 0);
    if (liability === undefined || liability.platform.amount === 0) continue;
    const key = `${liability.platform.currency}|${liability.cause}`;
    const row = costs.get(key) ?? { costKey: key, currency: liability.platform.currency, cause: liability.cause, disputes: 0, committedTotal: 0, coveredTotal: 0 };
    costs.set(key, {
      ...row,
      disputes: (row.disputes as number) + 1,
      committedTotal: (row.committedTotal as number) + liability.platform.amount,
      coveredTotal: (row.coveredTotal as number) + Math.min(refunded, liability.platform.amount),
    });
  }
  return costs;
};
