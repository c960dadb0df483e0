import type * as E from 'fp-ts/lib/Either.js';
import type { EscalationReason, RefundBlockReason } from '@disputekit/core';
import type { ReadModelError } from '../readSide/readModelErrors';
import type { Row, RowChange, TableSpec } from '../readSide/rows';
import type { Projection, ProjectedEvent } from '../runner/projection';
import { advanceTrack, type StoredDisputeTrack, type TrackedEvidenceRequest } from './disputeTrack';
import { pagedQuery, type Page, type PageRequest, type ReadModelSource } from './readModelReader';

/** An escalated dispute, or one whose refund is blocked, waiting for a mediator (table `mediator_queue`). */
export interface MediatorQueueItem {
  readonly disputeId: string;
  readonly buyerId: string;
  readonly sellerId: string;
  readonly currency: string;
  /** Minor units. */
  readonly refundable: number;
  /** Minor units: the buyer's current request. */
  readonly amountAsked: number;
  /** When it went to the mediator: escalated (this round), or its refund blocked. */
  readonly escalatedAt: string;
  /** Why it escalated, or `REFUND_BLOCKED` for a blocked refund (the mediator retries or rules again). */
  readonly escalationReason: EscalationReason | 'REFUND_BLOCKED';
  /** `DISPUTE`, `RETURN` for a second round about a disputed return, `REFUND` for a blocked refund. */
  readonly round: 'DISPUTE' | 'RETURN' | 'REFUND';
  /** Why the refund is blocked (`null` while under mediation). */
  readonly refundBlockReason: RefundBlockReason | null;
  readonly openEvidenceRequests: ReadonlyArray<TrackedEvidenceRequest>;
  readonly openEvidenceRequestCount: number;
  /** The `at` of the dispute's latest event. */
  readonly lastActivityAt: string;
}

/** Per-dispute facts the queue keeps (table `mediator_streams`). */
interface MediatorStream {
  readonly disputeId: string;
  readonly track: StoredDisputeTrack;
  readonly buyerId: string;
  readonly sellerId: string;
  readonly currency: string;
  readonly refundable: number;
  readonly amountAsked: number;
  readonly escalatedAt: string | null;
  readonly escalationReason: string | null;
  readonly refundBlockedAt?: string | null;
  readonly refundBlockReason?: string | null;
  readonly lastVersion: number;
}

const QUEUE = 'mediator_queue';
const STREAMS = 'mediator_streams';

/** The `mediator_queue` table. */
export const mediatorQueueTable: TableSpec = {
  name: QUEUE,
  key: 'disputeId',
  columns: {
    disputeId: { type: 'text' },
    buyerId: { type: 'text' },
    sellerId: { type: 'text' },
    currency: { type: 'text' },
    refundable: { type: 'integer' },
    amountAsked: { type: 'integer' },
    escalatedAt: { type: 'text' },
    escalationReason: { type: 'text' },
    round: { type: 'text' },
    refundBlockReason: { type: 'text', nullable: true },
    openEvidenceRequests: { type: 'json' },
    openEvidenceRequestCount: { type: 'integer' },
    lastActivityAt: { type: 'text' },
  },
  indexes: [['escalatedAt']],
};

/** The `mediator_streams` table. */
export const mediatorStreamsTable: TableSpec = {
  name: STREAMS,
  key: 'disputeId',
  columns: {
    disputeId: { type: 'text' },
    track: { type: 'json' },
    buyerId: { type: 'text' },
    sellerId: { type: 'text' },
    currency: { type: 'text' },
    refundable: { type: 'integer' },
    amountAsked: { type: 'integer' },
    escalatedAt: { type: 'text', nullable: true },
    escalationReason: { type: 'text', nullable: true },
    refundBlockedAt: { type: 'text', nullable: true },
    refundBlockReason: { type: 'text', nullable: true },
    lastVersion: { type: 'integer' },
  },
};

const returnRound = (reason: string | null) => reason === 'RETURN_DISPUTED' || reason === 'RETURN_RECEIPT_SILENCE';

/** The queue row of a dispute waiting for a mediator now, or `undefined` when it waits for nobody there. */
const queueItem = (next: MediatorStream, at: string): MediatorQueueItem | undefined => {
  const track = next.track;
  const common = {
    disputeId: next.disputeId,
    buyerId: next.buyerId,
    sellerId: next.sellerId,
    currency: next.currency,
    refundable: next.refundable,
    amountAsked: next.amountAsked,
    openEvidenceRequests: track.openEvidenceRequests,
    openEvidenceRequestCount: track.openEvidenceRequests.length,
    lastActivityAt: at,
  };
  if (track.status === 'REFUND_BLOCKED' && next.refundBlockedAt != null) {
    const reason = next.refundBlockReason as RefundBlockReason;
    return { ...common, escalatedAt: next.refundBlockedAt, escalationReason: 'REFUND_BLOCKED', round: 'REFUND', refundBlockReason: reason };
  }
  if (track.status !== 'UNDER_MEDIATION' || next.escalatedAt === null) return undefined;
  const escalationReason = next.escalationReason as EscalationReason;
  return { ...common, escalatedAt: next.escalatedAt, escalationReason, round: returnRound(escalationReason) ? 'RETURN' : 'DISPUTE', refundBlockReason: null };
};

const waitsForMediator = (status: string | undefined): boolean => status === 'UNDER_MEDIATION' || status === 'REFUND_BLOCKED';

/** The `mediatorQueue` projection: disputes under mediation or with a blocked refund, longest waiting first. */
export const mediatorQueueProjection: Projection = {
  name: 'mediator_queue',
  version: 2,
  tables: [mediatorQueueTable, mediatorStreamsTable],
  reads: (e: ProjectedEvent) => [{ table: STREAMS, key: e.event.data.disputeId }],
  apply: (rows, e): ReadonlyArray<RowChange> => {
    const event = e.event;
    const disputeId = event.data.disputeId;
    const stream = rows.get(STREAMS, disputeId) as MediatorStream | undefined;
    if (stream !== undefined && e.version <= stream.lastVersion) return [];
    const track = advanceTrack(stream?.track, event);
    if (track === undefined) return [];
    let next: MediatorStream;
    if (stream === undefined) {
      if (event.type !== 'DisputeOpened') return [];
      next = {
        disputeId,
        track,
        buyerId: event.data.order.buyerId,
        sellerId: event.data.order.sellerId,
        currency: event.data.refundable.currency,
        refundable: event.data.refundable.amount,
        amountAsked: event.data.requested.amount,
        escalatedAt: null,
        escalationReason: null,
        refundBlockedAt: null,
        refundBlockReason: null,
        lastVersion: e.version,
      };
    } else {
      next = {
        ...stream,
        track,
        lastVersion: e.version,
        ...(event.type === 'ProposalMade' && event.data.by.role === 'buyer' ? { amountAsked: event.data.amount.amount } : {}),
        ...(event.type === 'Escalated' ? { escalatedAt: event.data.at, escalationReason: event.data.reason } : {}),
        ...(event.type === 'RefundBlocked' ? { refundBlockedAt: event.data.at, refundBlockReason: event.data.reason } : {}),
      };
    }
    const changes: RowChange[] = [{ op: 'upsert', table: STREAMS, row: next as unknown as Row }];
    const item = queueItem(next, event.data.at);
    if (item !== undefined) {
      changes.push({ op: 'upsert', table: QUEUE, row: item as unknown as Row });
    } else if (waitsForMediator(stream?.track.status)) {
      changes.push({ op: 'delete', table: QUEUE, key: disputeId });
    }
    return changes;
  },
};

/** Queries on the mediator queue. */
export interface MediatorQueueQueries {
  /** Disputes waiting for a mediator, longest waiting first. */
  waiting(page?: PageRequest): Promise<E.Either<ReadModelError, Page<MediatorQueueItem>>>;
  /** Those with at least one open evidence request, longest waiting first. */
  withOpenEvidenceRequests(page?: PageRequest): Promise<E.Either<ReadModelError, Page<MediatorQueueItem>>>;
}

const NAME = mediatorQueueProjection.name;
const ORDER = [{ column: 'escalatedAt' }, { column: 'disputeId' }] as const;

/** The mediator queue's queries over a store the runner writes. */
export const mediatorQueueQueries = (source: ReadModelSource): MediatorQueueQueries => ({
  waiting: (page) => pagedQuery<MediatorQueueItem>(source, NAME, QUEUE, { orderBy: ORDER }, page),
  withOpenEvidenceRequests: (page) =>
    pagedQuery<MediatorQueueItem>(source, NAME, QUEUE, { where: { openEvidenceRequestCount: { gt: 0 } }, orderBy: ORDER }, page),
});
