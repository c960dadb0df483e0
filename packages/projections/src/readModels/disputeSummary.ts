import * as E from 'fp-ts/lib/Either.js';
import type { DisputeEvent } from '@disputekit/core';
import type { ReadModelError } from '../readSide/readModelErrors';
import type { Row, RowChange, TableSpec } from '../readSide/rows';
import type { Projection, ProjectedEvent } from '../runner/projection';
import { advanceTrack, partyActions, type StoredDisputeTrack, type PartyAction, type TrackedDeadline, type TrackedEvidenceRequest } from './disputeTrack';
import { pagedQuery, queryActive, type Page, type PageRequest, type ReadModelSource } from './readModelReader';

/** One row per dispute: parties, order, where it stands, who must act, deadlines, amounts, outcome, times. */
export interface DisputeSummary {
  readonly disputeId: string;
  readonly orderId: string;
  readonly buyerId: string;
  readonly sellerId: string;
  readonly kind: 'REFUND_ONLY' | 'RETURN_AND_REFUND';
  readonly reasonGroup: string;
  readonly reasonCode: string;
  readonly itemReceived: boolean;
  /** ISO-4217 code of every amount of the row. */
  readonly currency: string;
  readonly status: StoredDisputeTrack['status'];
  readonly buyerAction: PartyAction;
  readonly sellerAction: PartyAction;
  /** Running deadlines, earliest first. */
  readonly deadlines: ReadonlyArray<TrackedDeadline>;
  readonly nextDeadlineAt: string | null;
  readonly nextDeadlineKind: string | null;
  readonly openEvidenceRequests: ReadonlyArray<TrackedEvidenceRequest>;
  /** Minor units: what can be refunded (paid − already refunded). */
  readonly refundable: number;
  /** Minor units: the buyer's current request. */
  readonly amountAsked: number;
  /** Minor units: the seller's latest proposal, if any. */
  readonly amountOffered: number | null;
  /** Minor units: the latest mediator proposal, if any. */
  readonly amountProposedByMediator: number | null;
  /** Minor units: the refund owed once resolved (0 for the seller's favour). */
  readonly amountResolved: number | null;
  /** Minor units: what the gateway refunded. */
  readonly amountRefunded: number;
  /**
   * Minor units: what the buyer got back outside the gateway (`ExternalRefundRecorded`, decision 0005).
   * The refund processor pays `amountResolved − amountRefundedElsewhere`. Absent in rows written
   * before the column existed (read as 0).
   */
  readonly amountRefundedElsewhere: number;
  /** How many refunds made elsewhere were recorded. */
  readonly externalRefundCount: number;
  /**
   * Minor units: what lost chargebacks gave back to the buyer through the card issuer (decision 0006);
   * the refund processor pays this much less. Absent in rows written before summary v3 (read as 0).
   */
  readonly amountChargedBack: number;
  /** How many chargebacks were recorded (absent before v3: 0). */
  readonly chargebackCount: number;
  /** The open chargeback's case id, provider, amount and answer due date (null when none is open; absent before v3). */
  readonly chargebackCaseId: string | null;
  readonly chargebackProvider: string | null;
  readonly chargebackAmount: number | null;
  readonly chargebackDueBy: string | null;
  readonly resolutionOutcome: 'BUYER_FAVOUR' | 'SELLER_FAVOUR' | null;
  readonly resolutionBasis: string | null;
  readonly outcome: 'REFUNDED_FULL' | 'REFUNDED_PARTIAL' | 'SELLER_FAVOUR' | 'CANCELLED_BY_BUYER' | 'CHARGEBACK' | null;
  readonly escalated: boolean;
  /** When the dispute last went to mediation. */
  readonly escalatedAt: string | null;
  readonly escalationReason: string | null;
  /** The last mediator who acted on the dispute. */
  readonly mediatorId: string | null;
  readonly refundFailures: number;
  readonly lastRefundFailureAt: string | null;
  readonly lastRefundErrorCode: string | null;
  /** Whether the last failed refund attempt may be retried. */
  readonly lastRefundRetryable: boolean | null;
  readonly openedAt: string;
  readonly closedAt: string | null;
  /** The `at` of the latest event. */
  readonly updatedAt: string;
  /** Stream version of the latest event applied (makes re-applying an event a no-op). */
  readonly lastVersion: number;
}

const TABLE = 'dispute_summary';

/** The `dispute_summary` table. */
export const disputeSummaryTable: TableSpec = {
  name: TABLE,
  key: 'disputeId',
  columns: {
    disputeId: { type: 'text' },
    orderId: { type: 'text' },
    buyerId: { type: 'text' },
    sellerId: { type: 'text' },
    kind: { type: 'text' },
    reasonGroup: { type: 'text' },
    reasonCode: { type: 'text' },
    itemReceived: { type: 'boolean' },
    currency: { type: 'text' },
    status: { type: 'text' },
    buyerAction: { type: 'text' },
    sellerAction: { type: 'text' },
    deadlines: { type: 'json' },
    nextDeadlineAt: { type: 'text', nullable: true },
    nextDeadlineKind: { type: 'text', nullable: true },
    openEvidenceRequests: { type: 'json' },
    refundable: { type: 'integer' },
    amountAsked: { type: 'integer' },
    amountOffered: { type: 'integer', nullable: true },
    amountProposedByMediator: { type: 'integer', nullable: true },
    amountResolved: { type: 'integer', nullable: true },
    amountRefunded: { type: 'integer' },
    resolutionOutcome: { type: 'text', nullable: true },
    resolutionBasis: { type: 'text', nullable: true },
    outcome: { type: 'text', nullable: true },
    escalated: { type: 'boolean' },
    escalatedAt: { type: 'text', nullable: true },
    escalationReason: { type: 'text', nullable: true },
    mediatorId: { type: 'text', nullable: true },
    refundFailures: { type: 'integer' },
    lastRefundFailureAt: { type: 'text', nullable: true },
    lastRefundErrorCode: { type: 'text', nullable: true },
    lastRefundRetryable: { type: 'boolean', nullable: true },
    openedAt: { type: 'text' },
    closedAt: { type: 'text', nullable: true },
    updatedAt: { type: 'text' },
    lastVersion: { type: 'integer' },
    amountRefundedElsewhere: { type: 'integer' },
    externalRefundCount: { type: 'integer' },
    amountChargedBack: { type: 'integer' },
    chargebackCount: { type: 'integer' },
    chargebackCaseId: { type: 'text', nullable: true },
    chargebackProvider: { type: 'text', nullable: true },
    chargebackAmount: { type: 'integer', nullable: true },
    chargebackDueBy: { type: 'text', nullable: true },
  },
  indexes: [['buyerId', 'openedAt'], ['sellerId', 'openedAt'], ['status', 'openedAt'], ['status', 'escalatedAt'], ['mediatorId', 'openedAt']],
};

const withTrack = (row: DisputeSummary, track: StoredDisputeTrack): DisputeSummary => {
  const actions = partyActions(track);
  const first = track.deadlines[0];
  return {
    ...row,
    status: track.status,
    buyerAction: actions.buyer,
    sellerAction: actions.seller,
    deadlines: track.deadlines,
    nextDeadlineAt: first?.dueAt ?? null,
    nextDeadlineKind: first?.kind ?? null,
    openEvidenceRequests: track.openEvidenceRequests,
  };
};

const opened = (e: Extract<DisputeEvent, { type: 'DisputeOpened' }>, version: number): DisputeSummary => {
  const d = e.data;
  const track = advanceTrack(undefined, e)!;
  return withTrack(
    {
      disputeId: d.disputeId,
      orderId: d.order.orderId,
      buyerId: d.order.buyerId,
      sellerId: d.order.sellerId,
      kind: d.kind,
      reasonGroup: d.reason.group,
      reasonCode: d.reason.code,
      itemReceived: d.itemReceived,
      currency: d.refundable.currency,
      status: track.status,
      buyerAction: 'REQUIRED_OTHER_PARTY_ACTION',
      sellerAction: 'REQUIRED_ACTION',
      deadlines: [],
      nextDeadlineAt: null,
      nextDeadlineKind: null,
      openEvidenceRequests: [],
      refundable: d.refundable.amount,
      amountAsked: d.requested.amount,
      amountOffered: null,
      amountProposedByMediator: null,
      amountResolved: null,
      amountRefunded: 0,
      resolutionOutcome: null,
      resolutionBasis: null,
      outcome: null,
      escalated: false,
      escalatedAt: null,
      escalationReason: null,
      mediatorId: null,
      refundFailures: 0,
      lastRefundFailureAt: null,
      lastRefundErrorCode: null,
      lastRefundRetryable: null,
      openedAt: d.at,
      closedAt: null,
      updatedAt: d.at,
      lastVersion: version,
      amountRefundedElsewhere: 0,
      externalRefundCount: 0,
      amountChargedBack: 0,
      chargebackCount: 0,
      chargebackCaseId: null,
      chargebackProvider: null,
      chargebackAmount: null,
      chargebackDueBy: null,
    },
    track,
  );
};

/** The fields one event changes, besides status, deadlines and evidence requests. */
const fieldsOf = (row: DisputeSummary, event: DisputeEvent): Partial<DisputeSummary> => {
  const mediator = event.data.by.role === 'mediator' ? { mediatorId: event.data.by.id } : {};
  return { ...mediator, ...eventFields(row, event) };
};

const eventFields = (row: DisputeSummary, event: DisputeEvent): Partial<DisputeSummary> => {
  switch (event.type) {
    case 'ProposalMade': {
      const role = event.data.by.role;
      const amount = event.data.amount.amount;
      return role === 'buyer' ? { amountAsked: amount } : role === 'seller' ? { amountOffered: amount } : { amountProposedByMediator: amount };
    }
    case 'Escalated':
      return { escalated: true, escalatedAt: event.data.at, escalationReason: event.data.reason };
    case 'Resolved':
      return { amountResolved: event.data.refund.amount, resolutionOutcome: event.data.outcome, resolutionBasis: event.data.basis };
    case 'ReturnRequested':
      return { amountResolved: event.data.refund.amount };
    case 'RefundIssued':
      return { amountRefunded: event.data.amount.amount };
    case 'RefundFailed':
      return { refundFailures: row.refundFailures + 1, lastRefundFailureAt: event.data.at, lastRefundErrorCode: event.data.errorCode, lastRefundRetryable: event.data.retryable };
    case 'RefundRetried':
      // A mediator sent a blocked refund back: the refund processor pays it with a fresh count.
      return { refundFailures: 0 };
    case 'DisputeClosed':
      return { outcome: event.data.outcome, closedAt: event.data.at };
    case 'ExternalRefundRecorded':
      return { amountRefundedElsewhere: (row.amountRefundedElsewhere ?? 0) + event.data.amount.amount, externalRefundCount: (row.externalRefundCount ?? 0) + 1 };
    case 'ChargebackOpened':
      return {
        chargebackCount: (row.chargebackCount ?? 0) + 1,
        chargebackCaseId: event.data.caseId,
        chargebackProvider: event.data.provider,
        chargebackAmount: event.data.amount.amount,
        chargebackDueBy: event.data.dueBy,
      };
    case 'ChargebackDecided':
      return {
        amountChargedBack: (row.amountChargedBack ?? 0) + (event.data.outcome === 'LOST' ? event.data.amount.amount : 0),
        chargebackCaseId: null,
        chargebackProvider: null,
        chargebackAmount: null,
        chargebackDueBy: null,
      };
    case 'RulingRevised':
      // A mediator ruled again on a blocked refund: the new terms replace the resolution, failures count afresh.
      return { amountResolved: event.data.refund.amount, resolutionOutcome: event.data.outcome, resolutionBasis: 'RULING', refundFailures: 0 };
    default:
      return {};
  }
};

/** Applies one event to a summary row (pure). Events already applied (by stream version) change nothing. */
export const applyToSummary = (row: DisputeSummary | undefined, event: DisputeEvent, version: number): DisputeSummary | undefined => {
  if (row === undefined) return event.type === 'DisputeOpened' ? opened(event, version) : undefined;
  if (version <= row.lastVersion) return row;
  const track = advanceTrack({ status: row.status, deadlines: row.deadlines, openEvidenceRequests: row.openEvidenceRequests }, event)!;
  const updatedAt = event.data.at > row.updatedAt ? event.data.at : row.updatedAt;
  return withTrack({ ...row, ...fieldsOf(row, event), updatedAt, lastVersion: version }, track);
};

/** The `disputeSummary` projection: one `dispute_summary` row per dispute. */
export const disputeSummaryProjection: Projection = {
  name: 'dispute_summary',
  version: 3,
  tables: [disputeSummaryTable],
  reads: (e: ProjectedEvent) => [{ table: TABLE, key: e.event.data.disputeId }],
  apply: (rows, e): ReadonlyArray<RowChange> => {
    const before = rows.get(TABLE, e.event.data.disputeId) as DisputeSummary | undefined;
    const after = applyToSummary(before, e.event, e.version);
    return after === undefined || after === before ? [] : [{ op: 'upsert', table: TABLE, row: after as unknown as Row }];
  },
};

/** Ordering of a list: newest or oldest opened first. */
export interface SummaryPageRequest extends PageRequest {
  readonly order?: 'newest' | 'oldest';
}

/** Queries on the dispute summary. */
export interface DisputeSummaryQueries {
  /** One dispute's summary. */
  get(disputeId: string): Promise<E.Either<ReadModelError, DisputeSummary | undefined>>;
  /** A buyer's disputes, newest first by default. */
  byBuyer(buyerId: string, page?: SummaryPageRequest): Promise<E.Either<ReadModelError, Page<DisputeSummary>>>;
  /** A seller's disputes, newest first by default. */
  bySeller(sellerId: string, page?: SummaryPageRequest): Promise<E.Either<ReadModelError, Page<DisputeSummary>>>;
  /** Disputes in one status, newest first by default. */
  byStatus(status: DisputeSummary['status'], page?: SummaryPageRequest): Promise<E.Either<ReadModelError, Page<DisputeSummary>>>;
  /** Disputes a mediator has acted on, newest first by default. */
  byMediator(mediatorId: string, page?: SummaryPageRequest): Promise<E.Either<ReadModelError, Page<DisputeSummary>>>;
  /** The mediators' queue: disputes under mediation, longest waiting first. */
  awaitingMediator(page?: PageRequest): Promise<E.Either<ReadModelError, Page<DisputeSummary>>>;
  /** Disputes resolved for the buyer whose refund has not gone out, oldest first. */
  awaitingRefund(page?: PageRequest): Promise<E.Either<ReadModelError, Page<DisputeSummary>>>;
}

const NAME = disputeSummaryProjection.name;

/** The dispute summary's queries over a store the runner writes. */
export const disputeSummaryQueries = (source: ReadModelSource): DisputeSummaryQueries => {
  const list = (where: Record<string, string>, page: SummaryPageRequest = {}) => {
    const direction = page.order === 'oldest' ? 'asc' : 'desc';
    return pagedQuery<DisputeSummary>(
      source,
      NAME,
      TABLE,
      { where, orderBy: [{ column: 'openedAt', direction }, { column: 'disputeId', direction }] },
      page,
    );
  };
  return {
    async get(disputeId) {
      const rows = await queryActive(source, NAME, TABLE, { where: { disputeId }, limit: 1 });
      return E.isLeft(rows) ? rows : E.right(rows.right[0] as DisputeSummary | undefined);
    },
    byBuyer: (buyerId, page) => list({ buyerId }, page),
    bySeller: (sellerId, page) => list({ sellerId }, page),
    byStatus: (status, page) => list({ status }, page),
    byMediator: (mediatorId, page) => list({ mediatorId }, page),
    awaitingMediator: (page) =>
      pagedQuery(source, NAME, TABLE, { where: { status: 'UNDER_MEDIATION' }, orderBy: [{ column: 'escalatedAt' }, { column: 'disputeId' }] }, page),
    awaitingRefund: (page) =>
      pagedQuery(source, NAME, TABLE, { where: { status: 'AWAITING_REFUND' }, orderBy: [{ column: 'updatedAt' }, { column: 'disputeId' }] }, page),
  };
};
