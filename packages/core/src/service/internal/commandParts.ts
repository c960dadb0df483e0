import * as E from 'fp-ts/lib/Either.js';
import type { DisputeCommand } from '../../dispute/commands';
import type { Decision } from '../../dispute/decide';
import { isOpened, type DisputeState } from '../../dispute/state';
import { disputeStreamId } from '../../eventStore/streamIds';
import { readDisputeStream, STREAM_READ_PAGE, type DisputeStream } from '../disputeStream';
import type { HandleError } from '../handleError';
import { releaseClosedDispute } from './orderGuard';
import type { RecordedDisputeEvent } from '../recordedDisputeEvent';
import type { ServiceContext } from './serviceContext';
import type { HandleResult } from '../handleResult';
import type { StreamCache } from '../streamCache';
import type { SnapshotOptions } from '../../snapshots/snapshotStore';
import { readDisputeFromSnapshot, saveSnapshotIfDue } from '../snapshotRead';

/** What one dispute service instance's command handling shares: its context, its stream cache, its `decide`. */
export interface DisputeServiceParts {
  readonly ctx: ServiceContext;
  readonly cache: StreamCache;
  readonly decide: (command: DisputeCommand, state: DisputeState) => Decision;
  /** Where and how often snapshots are taken, when they are on. */
  readonly snapshots?: SnapshotOptions;
}

/** The stored events of one command in a decoded stream. */
export const eventsOf = (stream: DisputeStream, commandId: string): ReadonlyArray<RecordedDisputeEvent> =>
  stream.records.filter((record) => record.event.data.commandId === commandId);

/**
 * Reads and decodes a whole dispute stream; the cache keeps the result (and forgets the stream on an
 * error). The entry of a long stream (a page or more) is forgotten before the read, so that its old
 * and new decodings are never both kept alive by the cache; correctness never depends on the entry.
 */
export const readDispute = async (parts: DisputeServiceParts, disputeId: string): Promise<E.Either<HandleError, DisputeStream>> => {
  const streamId = disputeStreamId(disputeId);
  const cached = parts.cache.get(streamId);
  if (cached !== undefined && cached.version >= STREAM_READ_PAGE) parts.cache.delete(streamId);
  const read = await readDisputeStream(parts.ctx.store, disputeId);
  if (E.isLeft(read)) parts.cache.delete(streamId);
  else parts.cache.set(read.right);
  return read;
};

/**
 * Reads a dispute for a command: from its snapshot when snapshots are on (writing a new one when
 * the stream has grown by `every` events since), else in full; the cache keeps the result.
 */
export const readForCommand = async (parts: DisputeServiceParts, disputeId: string): Promise<E.Either<HandleError, DisputeStream>> => {
  const snapshots = parts.snapshots;
  if (snapshots === undefined) return readDispute(parts, disputeId);
  const streamId = disputeStreamId(disputeId);
  const read = await readDisputeFromSnapshot(parts.ctx.store, snapshots.store, disputeId, (reason) => parts.ctx.observe({ _tag: 'SnapshotIgnored', streamId, reason }));
  if (E.isLeft(read)) {
    parts.cache.delete(streamId);
    return read;
  }
  parts.cache.set(read.right);
  await saveSnapshot(parts, read.right, read.right.fromSnapshot ?? 0);
  return read;
};

/** Writes a snapshot of `stream` if it has grown by `every` events since version `since` (best effort, failures observed). */
export const saveSnapshot = async (parts: DisputeServiceParts, stream: DisputeStream, since: number): Promise<void> => {
  if (parts.snapshots === undefined) return;
  const saved = await saveSnapshotIfDue(parts.snapshots, stream, since);
  if (E.isLeft(saved)) parts.ctx.observe({ _tag: 'SnapshotFailed', streamId: stream.streamId, error: saved.left });
};

/** After a command closed a dispute: record the release in the order's guard (best effort, repaired lazily). */
export const releaseAfter = async (ctx: ServiceContext, stream: DisputeStream, commandId: string): Promise<void> => {
  const state = stream.state;
  if (!isOpened(state) || state.status !== 'CLOSED') return;
  const released = await releaseClosedDispute(ctx, stream, commandId);
  if (E.isLeft(released)) ctx.observe({ _tag: 'ReleaseDeferred', orderId: state.orderId, disputeId: state.disputeId, error: released.left });
};

/** The first result of a command already applied, from a stream holding its events with their positions. */
export const replayResult = async (ctx: ServiceContext, stream: DisputeStream, commandId: string): Promise<E.Either<HandleError, HandleResult>> => {
  const events = eventsOf(stream, commandId);
  // A crash between the command's DisputeClosed and the guard's release is repaired here.
  if (events.some((record) => record.event.type === 'DisputeClosed')) await releaseAfter(ctx, stream, commandId);
  return E.right({ events, state: stream.state, version: stream.version, alreadyApplied: true });
};
