import * as E from 'fp-ts/lib/Either.js';
import { retrying, type AttemptOutcome } from '../../commandLoop/retrying';
import type { DisputeCommand } from '../../dispute/commands';
import { replay } from '../../dispute/decider';
import { isOpened } from '../../dispute/state';
import type { AppendResult, DuplicateEvent, StoreError, StreamAppend } from '../../eventStore/eventStore';
import { disputeStreamId } from '../../eventStore/streamIds';
import { planAppend, type AppendPlan } from './appendPlan';
import { eventsOf, readForCommand, releaseAfter, replayResult, saveSnapshot, type DisputeServiceParts } from './commandParts';
import { readDisputeStream } from '../disputeStream';
import type { HandleResult } from '../handleResult';
import type { DisputeStream } from '../disputeStream';
import type { HandleError } from '../handleError';
import { retryLoopOf } from './orderGuard';
import type { RecordedDisputeEvent } from '../recordedDisputeEvent';

/**
 * What one attempt at a command passes to the next: whether it may decide on the cached stream
 * without reading it (only the first pass may), and the `DuplicateEvent` an earlier append met.
 */
interface Pass {
  readonly trustCache: boolean;
  readonly duplicate?: DuplicateEvent;
}

type Outcome = AttemptOutcome<Pass, HandleError, HandleResult>;

/** The stream to decide on: the cached one on the first pass (a stale entry then costs one free re-read), else a read. */
const streamFor = async (parts: DisputeServiceParts, command: DisputeCommand, pass: Pass): Promise<E.Either<HandleError, { stream: DisputeStream; fromCache: boolean }>> => {
  const cached = pass.trustCache ? parts.cache.get(disputeStreamId(command.disputeId)) : undefined;
  if (cached !== undefined) return E.right({ stream: cached, fromCache: true });
  const read = await readForCommand(parts, command.disputeId);
  return E.isLeft(read) ? read : E.right({ stream: read.right, fromCache: false });
};

/** Appends the plan's events at the version read (with the guard's release in one transaction, when prepared). */
const appendPlanned = async (parts: DisputeServiceParts, stream: DisputeStream, plan: AppendPlan): Promise<E.Either<StoreError, AppendResult>> => {
  const store = parts.ctx.store;
  const disputePart: StreamAppend = { streamId: stream.streamId, events: plan.newEvents, expectedVersion: stream.version === 0 ? 'no_stream' : stream.version };
  if (plan.release !== undefined && store.appendToStreams !== undefined) {
    return E.map((results: ReadonlyArray<AppendResult>) => results[0]!)(await store.appendToStreams([disputePart, plan.release]));
  }
  return store.appendToStream(stream.streamId, disputePart.events, { expectedVersion: disputePart.expectedVersion });
};

/** After a successful append: the stream as it now is goes to the cache, then the deferred release, then the result. */
const stored = async (parts: DisputeServiceParts, command: DisputeCommand, stream: DisputeStream, plan: AppendPlan, appended: AppendResult): Promise<HandleResult> => {
  const records: RecordedDisputeEvent[] = plan.events.map((event, index) => ({
    streamId: stream.streamId,
    version: stream.version + index + 1,
    metadata: plan.newEvents[index]!.metadata,
    event,
  }));
  const fromSnapshot = stream.fromSnapshot === undefined ? {} : { fromSnapshot: stream.fromSnapshot };
  const now: DisputeStream = { streamId: stream.streamId, records: [...stream.records, ...records], state: plan.after, version: appended.nextExpectedVersion, ...fromSnapshot };
  // Exactly what was appended (with its chain metadata): the next command starts from here.
  parts.cache.set(now);
  // A snapshot each time the stream passes a multiple of `every` events.
  const every = parts.snapshots?.every ?? 1;
  await saveSnapshot(parts, now, stream.version - (stream.version % every));
  if (plan.releaseLater) await releaseAfter(parts.ctx, now, command.commandId);
  return { events: records, state: now.state, version: now.version, alreadyApplied: false };
};

/** A failed append: a conflict to retry (free when only the cache was stale), or the command's error. */
const afterFailedAppend = (parts: DisputeServiceParts, streamId: string, fromCache: boolean, pass: Pass, error: StoreError): Outcome => {
  // Whatever went wrong, the next read starts from scratch (the append may even have happened).
  parts.cache.delete(streamId);
  if (error._tag !== 'WrongExpectedVersion' && error._tag !== 'DuplicateEvent') return { kind: 'done', result: E.left(error) };
  const next: Pass = { trustCache: false, ...(error._tag === 'DuplicateEvent' ? { duplicate: error } : pass.duplicate === undefined ? {} : { duplicate: pass.duplicate }) };
  // A conflict on a stream decided from the cache without reading it: read it and decide again, at no cost.
  if (fromCache && error._tag === 'WrongExpectedVersion' && error.streamId === streamId) {
    parts.ctx.observe({ _tag: 'StaleCache', streamId, error });
    return { kind: 'again', next };
  }
  // A duplicate is always settled by one more read: the command's events are there, or its id was reused.
  const duplicate = error._tag === 'DuplicateEvent';
  return { kind: 'conflict', streamId: error.streamId, error, wait: !duplicate, always: duplicate, next };
};

/** The first result of a command already applied, read from the whole stream. */
const repeatFromFullRead = async (parts: DisputeServiceParts, command: DisputeCommand): Promise<Outcome> => {
  const full = await readDisputeStream(parts.ctx.store, command.disputeId);
  return { kind: 'done', result: E.isLeft(full) ? full : await replayResult(parts.ctx, full.right, command.commandId) };
};

/** One pass of a command: read (or take from the cache), answer a repeat, decide, plan, append. */
const attempt = async (parts: DisputeServiceParts, command: DisputeCommand, pass: Pass): Promise<Outcome> => {
  const read = await streamFor(parts, command, pass);
  if (E.isLeft(read)) return { kind: 'done', result: read };
  const { stream, fromCache } = read.right;
  const next: Pass = { ...pass, trustCache: false };
  if (isOpened(stream.state) && stream.state.seen.commandIds.has(command.commandId)) {
    // A stream rehydrated from a snapshot lacks the earlier events: a repeat is answered from a full read.
    if (stream.fromSnapshot !== undefined) return repeatFromFullRead(parts, command);
    // Events this service appended lack their global positions, and a repeat is answered as stored: read them.
    if (fromCache && eventsOf(stream, command.commandId).some((record) => record.globalPosition === undefined)) {
      parts.cache.delete(stream.streamId);
      return { kind: 'again', next };
    }
    return { kind: 'done', result: await replayResult(parts.ctx, stream, command.commandId) };
  }
  // The store said these event ids exist, yet not in this stream: the command id was used for another dispute.
  if (pass.duplicate !== undefined) return { kind: 'done', result: E.left(pass.duplicate) };
  const decision = parts.decide(command, stream.state);
  if (E.isLeft(decision)) return { kind: 'done', result: decision };
  if (decision.right.length === 0) return { kind: 'done', result: E.right({ events: [], state: stream.state, version: stream.version, alreadyApplied: false }) };
  const after = replay(decision.right, stream.state);
  const plan = await planAppend(parts.ctx, { command, stream, events: decision.right, after });
  if (E.isLeft(plan)) return { kind: 'done', result: plan };
  if (plan.right === 'RESTART') {
    parts.cache.delete(stream.streamId);
    return { kind: 'restart', next };
  }
  const appended = plan.right.written === undefined ? await appendPlanned(parts, stream, plan.right) : E.right(plan.right.written);
  if (E.isRight(appended)) return { kind: 'done', result: E.right(await stored(parts, command, stream, plan.right, appended.right)) };
  return afterFailedAppend(parts, stream.streamId, fromCache, pass, appended.left);
};

/**
 * Handles one parsed command through the one command loop (`retrying`): read, decide, append with
 * the expected version; a conflict re-reads and re-decides within the retry budget.
 */
export const handleCommand = (parts: DisputeServiceParts, command: DisputeCommand): Promise<E.Either<HandleError, HandleResult>> => {
  const streamId = disputeStreamId(command.disputeId);
  return retrying(retryLoopOf(parts.ctx, streamId), { trustCache: true }, (pass) => attempt(parts, command, pass));
};
