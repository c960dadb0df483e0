import type * as E from 'fp-ts/lib/Either.js';
import type { ReadModelError } from '../readSide/readModelErrors';
import type { Row, RowChange, TableSpec } from '../readSide/rows';
import type { Projection, ProjectedEvent } from '../runner/projection';
import { advanceTrack, type StoredDisputeTrack } from './disputeTrack';
import { pagedQuery, queryActive, type Page, type PageRequest, type ReadModelSource } from './readModelReader';

/** One running deadline (table `deadline_queue`). */
export interface QueuedDeadline {
  /** `disputeId|kind|party` (party empty unless an evidence request). */
  readonly deadlineKey: string;
  readonly disputeId: string;
  readonly kind: string;
  readonly party: 'buyer' | 'seller' | null;
  readonly dueAt: string;
}

/** Per-dispute track the queue keeps (table `deadline_streams`). */
interface DeadlineStream {
  readonly disputeId: string;
  readonly track: StoredDisputeTrack;
  readonly lastVersion: number;
}

const QUEUE = 'deadline_queue';
const STREAMS = 'deadline_streams';

/** The `deadline_queue` table. */
export const deadlineQueueTable: TableSpec = {
  name: QUEUE,
  key: 'deadlineKey',
  columns: {
    deadlineKey: { type: 'text' },
    disputeId: { type: 'text' },
    kind: { type: 'text' },
    party: { type: 'text', nullable: true },
    dueAt: { type: 'text' },
  },
  indexes: [['dueAt'], ['disputeId']],
};

/** The `deadline_streams` table. */
export const deadlineStreamsTable: TableSpec = {
  name: STREAMS,
  key: 'disputeId',
  columns: { disputeId: { type: 'text' }, track: { type: 'json' }, lastVersion: { type: 'integer' } },
};

const keyOf = (disputeId: string, d: { kind: string; party?: string | undefined }) => `${disputeId}|${d.kind}|${d.party ?? ''}`;

/**
 * The deadlines of a track the scheduler may fire: all of them, except while a chargeback is open,
 * when only its `REPRESENTMENT` may (the others wait for the card network's decision and come back to
 * the queue when the dispute resumes, decision 0006).
 */
const firable = (track: StoredDisputeTrack | undefined): StoredDisputeTrack['deadlines'] =>
  track === undefined ? [] : track.status === 'CHARGEBACK_OPEN' ? track.deadlines.filter((d) => d.kind === 'REPRESENTMENT') : track.deadlines;

/** The `deadlineQueue` projection: every running deadline the scheduler may fire, by `dueAt`. */
export const deadlineQueueProjection: Projection = {
  name: 'deadline_queue',
  // 2: deadlines held by an open chargeback leave the queue until the dispute resumes.
  version: 2,
  tables: [deadlineQueueTable, deadlineStreamsTable],
  reads: (e: ProjectedEvent) => [{ table: STREAMS, key: e.event.data.disputeId }],
  apply: (rows, e): ReadonlyArray<RowChange> => {
    const disputeId = e.event.data.disputeId;
    const stream = rows.get(STREAMS, disputeId) as DeadlineStream | undefined;
    if (stream !== undefined && e.version <= stream.lastVersion) return [];
    const before = stream?.track;
    const after = advanceTrack(before, e.event);
    if (after === undefined) return [];
    const changes: RowChange[] = [];
    const wasRunning = new Map(firable(before).map((d) => [keyOf(disputeId, d), d]));
    const running = new Map(firable(after).map((d) => [keyOf(disputeId, d), d]));
    for (const key of wasRunning.keys()) if (!running.has(key)) changes.push({ op: 'delete', table: QUEUE, key });
    for (const [key, d] of running) {
      if (wasRunning.get(key)?.dueAt === d.dueAt) continue;
      const row: QueuedDeadline = { deadlineKey: key, disputeId, kind: d.kind, party: d.party ?? null, dueAt: d.dueAt };
      changes.push({ op: 'upsert', table: QUEUE, row: row as unknown as Row });
    }
    const next: DeadlineStream = { disputeId, track: after, lastVersion: e.version };
    changes.push({ op: 'upsert', table: STREAMS, row: next as unknown as Row });
    return changes;
  },
};

/** Queries on the deadline queue. */
export interface DeadlineQueueQueries {
  /** Deadlines due at or before `instant`, earliest first (what the scheduler fires). */
  dueBy(instant: string, limit?: number): Promise<E.Either<ReadModelError, ReadonlyArray<QueuedDeadline>>>;
  /** Every running deadline, earliest first. */
  all(page?: PageRequest): Promise<E.Either<ReadModelError, Page<QueuedDeadline>>>;
  /** A dispute's running deadlines, earliest first. */
  forDispute(disputeId: string): Promise<E.Either<ReadModelError, ReadonlyArray<QueuedDeadline>>>;
}

const NAME = deadlineQueueProjection.name;
const ORDER = [{ column: 'dueAt' }, { column: 'deadlineKey' }] as const;

/** The deadline queue's queries over a store the runner writes. */
export const deadlineQueueQueries = (source: ReadModelSource): DeadlineQueueQueries => ({
  dueBy: (instant, limit = 500) =>
    queryActive(source, NAME, QUEUE, { where: { dueAt: { lte: instant } }, orderBy: ORDER, limit }) as Promise<
      E.Either<ReadModelError, ReadonlyArray<QueuedDeadline>>
    >,
  all: (page) => pagedQuery<QueuedDeadline>(source, NAME, QUEUE, { orderBy: ORDER }, page),
  forDispute: (disputeId) =>
    queryActive(source, NAME, QUEUE, { where: { disputeId }, orderBy: ORDER }) as Promise<E.Either<ReadModelError, ReadonlyArray<QueuedDeadline>>>,
});
