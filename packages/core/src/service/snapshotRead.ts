import * as E from 'fp-ts/lib/Either.js';
import { headHashOf } from '../audit/eventHash';
import { parseEvent } from '../dispute/parse';
import { isOpened } from '../dispute/state';
import { disputeStreamId, type EventStore, type RecordedEvent, type StoreError, type StreamId } from '../eventStore/eventStore';
import { corruptEvent } from '../eventStore/storeErrors';
import { decodeSnapshot, encodeSnapshot } from '../snapshots/disputeSnapshot';
import type { SnapshotOptions, SnapshotStore } from '../snapshots/snapshotStore';
import { decodeDisputeStream, readDisputeStream, type DisputeStream } from './disputeStream';
import type { RecordedDisputeEvent } from './recordedDisputeEvent';

/** Why a snapshot was not used (the stream was then read and folded from its first event). */
export type SnapshotIgnored = (reason: string) => void;

/** Event `version` of the stream decoded as a record (its type, data and dispute checked), or a `CorruptEvent`. */
const decodeAt = (disputeId: string, raw: RecordedEvent): E.Either<StoreError, RecordedDisputeEvent> => {
  const streamId = disputeStreamId(disputeId);
  const event = parseEvent({ type: raw.type, data: raw.data });
  if (E.isLeft(event)) return E.left(corruptEvent(streamId, raw.version, event.left.message, raw.globalPosition));
  if (event.right.data.disputeId !== disputeId) return E.left(corruptEvent(streamId, raw.version, `the event belongs to dispute ${event.right.data.disputeId}, not ${disputeId}`, raw.globalPosition));
  return E.right({ streamId, version: raw.version, globalPosition: raw.globalPosition, metadata: raw.metadata, event: event.right });
};

/** The stream's opening event (a one-event read unless the snapshot is at version 1). */
const readOpening = async (store: EventStore, disputeId: string, tail: ReadonlyArray<RecordedEvent>): Promise<E.Either<StoreError, RecordedDisputeEvent>> => {
  const raw = tail[0]!.version === 1 ? E.right(tail.slice(0, 1)) : await store.readStream(disputeStreamId(disputeId), { fromVersion: 1, maxCount: 1 });
  if (E.isLeft(raw)) return raw;
  const opening = decodeDisputeStream(disputeId, raw.right);
  if (E.isLeft(opening)) return opening;
  const record = opening.right.records[0];
  return record === undefined ? E.left(corruptEvent(disputeStreamId(disputeId), 1, 'the stream has no opening event')) : E.right(record);
};

/**
 * Rehydrates from the stream's snapshot when it can be trusted, reading only event `snapshot.version`
 * (whose hash must be the snapshot's), the events after it and the opening event; `undefined`
 * (after telling `ignored` why) when there is no usable snapshot.
 */
const fromSnapshot = async (
  store: EventStore,
  snapshots: SnapshotStore,
  disputeId: string,
  ignored: SnapshotIgnored,
): Promise<E.Either<StoreError, DisputeStream> | undefined> => {
  const streamId: StreamId = disputeStreamId(disputeId);
  const loaded = await snapshots.load(streamId);
  if (E.isLeft(loaded)) return void ignored(`the snapshot store failed: ${loaded.left._tag}`);
  if (loaded.right === undefined) return undefined;
  const snapshot = loaded.right;
  const state = decodeSnapshot(streamId, disputeId, snapshot);
  if (E.isLeft(state)) return void ignored(state.left);
  const tail = await store.readStream(streamId, { fromVersion: snapshot.version });
  if (E.isLeft(tail)) return tail;
  const at = tail.right[0];
  if (at === undefined || at.version !== snapshot.version) return void ignored(`the stream has no event ${snapshot.version}`);
  if (headHashOf(at) !== snapshot.hash) return void ignored(`event ${snapshot.version} has another hash than the snapshot's`);
  const opening = await readOpening(store, disputeId, tail.right);
  if (E.isLeft(opening)) return opening;
  const atRecord = snapshot.version === 1 ? E.right(opening.right) : decodeAt(disputeId, at);
  if (E.isLeft(atRecord)) return atRecord;
  const records = snapshot.version === 1 ? [opening.right] : [opening.right, atRecord.right];
  const base: DisputeStream = { streamId, records, state: state.right, version: snapshot.version, fromSnapshot: snapshot.version };
  return decodeDisputeStream(disputeId, tail.right.slice(1), base);
};

/**
 * Reads a dispute stream starting from its snapshot when there is a usable one (see
 * docs/service.md: schema version, integrity hash, and the hash of the event it was taken at are
 * checked; anything else is ignored and the stream folded from its first event), else in full.
 * The state and version are exactly those of a full read.
 */
export const readDisputeFromSnapshot = async (
  store: EventStore,
  snapshots: SnapshotStore,
  disputeId: string,
  ignored: SnapshotIgnored = () => undefined,
): Promise<E.Either<StoreError, DisputeStream>> =>
  (await fromSnapshot(store, snapshots, disputeId, ignored)) ?? readDisputeStream(store, disputeId);

/**
 * Writes a snapshot of `stream` when it has grown by `every` events or more since the snapshot it
 * was read from (`since`: that version, 0 for none). Best effort: a failure is returned for the
 * caller to report, and changes nothing else.
 */
export const saveSnapshotIfDue = async (options: SnapshotOptions, stream: DisputeStream, since: number): Promise<E.Either<StoreError, boolean>> => {
  const state = stream.state;
  const last = stream.records[stream.records.length - 1];
  if (!isOpened(state) || last === undefined || last.version !== stream.version) return E.right(false);
  if (stream.version - since < options.every) return E.right(false);
  const saved = await options.store.save(encodeSnapshot(stream.streamId, state, headHashOf(last)));
  return E.map(() => true)(saved);
};
