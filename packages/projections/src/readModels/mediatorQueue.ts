import type * as E from 'fp-ts/lib/Either.js';
import type { EscalationReason } from '@disputekit/core';
import type { ReadModelError } from '../readSide/readModelErrors';
import type { Row, RowChange, TableSpec } from '../readSide/rows';
import type { Projection, ProjectedEvent } from '../runner/projection';
import { advanceTrack, type StoredDisputeTrack, type TrackedEvidenceRequest } from './disputeTrack';
import { pagedQuery, type Page, type PageRequest, type ReadModelSource } from './readModelReader';

/** An escalated dispute waiting for a mediator (table `mediator_queue`). */
export interface MediatorQueueItem {
  readonly disputeId: string;
  readonly buyerId: string;
  readonly sellerId: string;
  readonly currency: string;
  /** Minor units. */
  readonly refundable: number;
  /** Minor units: the buyer's current request. */
  readonly amountAsked: number;
  /** When it went to mediation (this round). */
  readonly escalatedAt: string;
  readonly escalationReason: EscalationReason;
  /** `DISPUTE`, or `RETURN` for a second round about a disputed return. */
  readonly round: 'DISPUTE' | 'RETURN';
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
    lastVersion: { type: 'integer' },
  },
};

const returnRound = (reason: string | null) => reason === 'RETURN_DISPUTED' || reason === 'RETURN_RECEIPT_SILENCE';

/** The `mediatorQueue` projection: disputes under mediation, oldest escalation first. */
export const mediatorQueueProjection: Projection = {
  name: 'mediator_queue',
  version: 1,
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
        lastVersion: e.version,
      };
    } else {
      next = {
        ...stream,
        track,
        lastVersion: e.version,
        ...(event.type === 'ProposalMade' && event.data.by.role === 'buyer' ? { amountAsked: event.data.amount.amount } : {}),
        ...(event.type === 'Escalated' ? { escalatedAt: event.data.at, escalationReason: event.data.reason } : {}),
      };
    }
    const changes: RowChange[] = [{ op: 'upsert', table: STREAMS, row: next as unknown as Row }];
    if (track.status === 'UNDER_MEDIATION' && next.escalatedAt !== null) {
      const item: MediatorQueueItem = {
        disputeId,
        buyerId: next.buyerId,
        sellerId: next.sellerId,
        currency: next.currency,
        refundable: next.refundable,
        amountAsked: next.amountAsked,
        escalatedAt: next.escalatedAt,
        escalationReason: next.escalationReason as EscalationReason,
        round: returnRound(next.escalationReason) ? 'RETURN' : 'DISPUTE',
        openEvidenceRequests: track.openEvidenceRequests,
        openEvidenceRequestCount: track.openEvidenceRequests.length,
        lastActivityAt: event.data.at,
      };
      changes.push({ op: 'upsert', table: QUEUE, row: item as unknown as Row });
    } else if (stream?.track.status === 'UNDER_MEDIATION') {
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
