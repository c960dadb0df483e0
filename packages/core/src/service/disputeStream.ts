import * as E from 'fp-ts/lib/Either.js';
import { DisputeFolder } from '../dispute/fold';
import { decodeRecordedEvent } from '../dispute/decodedRecords';
import { initialState, type DisputeState } from '../dispute/state';
import { disputeStreamId, type CorruptEvent, type EventStore, type RecordedEvent, type StoreError, type StreamId } from '../eventStore/eventStore';
import { corruptEvent } from '../eventStore/storeErrors';
import type { RecordedDisputeEvent } from './recordedDisputeEvent';

/** A dispute stream read and decoded: its events, the state they fold to, and the stream's version. */
export interface DisputeStream {
  readonly streamId: StreamId;
  readonly records: ReadonlyArray<RecordedDisputeEvent>;
  readonly state: DisputeState;
  /** Number of stored events (0 when the stream does not exist). */
  readonly version: number;
  /**
   * Set when the stream was rehydrated from a snapshot of its first `fromSnapshot` events: `records`
   * then hold the opening event, event `fromSnapshot` and the events after it, not the whole stream.
   */
  readonly fromSnapshot?: number;
}

/**
 * Decodes the stored events of `dispute-{disputeId}` with the event codecs and folds them. A stored
 * event that does not decode, is out of place (versions not 1..n, a first event other than
 * `DisputeOpened`, a second `DisputeOpened`) or belongs to another dispute is a `CorruptEvent`
 * naming the stream and version: never skipped. With `from` (the same stream decoded up to
 * `from.version`), `stored` are the events after it: they must be versions `from.version + 1..`, and
 * are folded onto `from.state` and added to `from.records`.
 */
export const decodeDisputeStream = (
  disputeId: string,
  stored: ReadonlyArray<RecordedEvent>,
  from?: DisputeStream,
): E.Either<CorruptEvent, DisputeStream> => {
  const streamId = disputeStreamId(disputeId);
  const start = from?.version ?? 0;
  const records: RecordedDisputeEvent[] = from === undefined ? [] : from.records.slice();
  // Folded as decoded: one pass, no intermediate list of events.
  const folder = new DisputeFolder(from?.state ?? initialState);
  for (let index = 0; index < stored.length; index++) {
    const raw = stored[index]!;
    const position = start + index;
    let problem: string | undefined;
    if (raw.version !== position + 1) problem = `expected version ${position + 1} at this place of the stream`;
    else {
      const decoded = decodeRecordedEvent(raw);
      if (E.isLeft(decoded)) problem = decoded.left.message;
      else {
        const event = decoded.right;
        if (position === 0 && event.type !== 'DisputeOpened') problem = `a dispute stream must start with DisputeOpened, not ${event.type}`;
        else if (position > 0 && event.type === 'DisputeOpened') problem = 'a dispute stream holds only one DisputeOpened';
        else if (event.data.disputeId !== disputeId) problem = `the event belongs to dispute ${event.data.disputeId}, not ${disputeId}`;
        else {
          records.push({ streamId, version: raw.version, globalPosition: raw.globalPosition, metadata: raw.metadata, event });
          folder.add(event);
          continue;
        }
      }
    }
    return E.left(corruptEvent(streamId, raw.version, problem, raw.globalPosition));
  }
  if (from !== undefined && stored.length === 0) return E.right(from);
  const fromSnapshot = from?.fromSnapshot === undefined ? {} : { fromSnapshot: from.fromSnapshot };
  return E.right({ streamId, records, state: folder.result(), version: start + stored.length, ...fromSnapshot });
};

/**
 * Reads the whole of `dispute-{disputeId}` from the store and decodes it (see
 * `decodeDisputeStream`): a stored event that does not decode is a `CorruptEvent`, never skipped.
 */
export const readDisputeStream = async (store: EventStore, disputeId: string): Promise<E.Either<StoreError, DisputeStream>> => {
  const stored = await store.readStream(disputeStreamId(disputeId));
  return E.isLeft(stored) ? stored : decodeDisputeStream(disputeId, stored.right);
};
