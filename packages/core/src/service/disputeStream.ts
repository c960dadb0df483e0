import * as E from 'fp-ts/lib/Either.js';
import { replay } from '../dispute/decider';
import { parseEvent } from '../dispute/parse';
import type { DisputeState } from '../dispute/state';
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
}

/**
 * Decodes the stored events of `dispute-{disputeId}` with the event codecs and folds them. A stored
 * event that does not decode, is out of place (versions not 1..n, a first event other than
 * `DisputeOpened`, a second `DisputeOpened`) or belongs to another dispute is a `CorruptEvent`
 * naming the stream and version: never skipped.
 */
export const decodeDisputeStream = (disputeId: string, stored: ReadonlyArray<RecordedEvent>): E.Either<CorruptEvent, DisputeStream> => {
  const streamId = disputeStreamId(disputeId);
  const records: RecordedDisputeEvent[] = [];
  for (let index = 0; index < stored.length; index++) {
    const raw = stored[index]!;
    const corrupt = (problem: string) => E.left(corruptEvent(streamId, raw.version, problem, raw.globalPosition));
    if (raw.version !== index + 1) return corrupt(`expected version ${index + 1} at this place of the stream`);
    const decoded = parseEvent({ type: raw.type, data: raw.data });
    if (E.isLeft(decoded)) return corrupt(decoded.left.message);
    const event = decoded.right;
    if (index === 0 && event.type !== 'DisputeOpened') return corrupt(`a dispute stream must start with DisputeOpened, not ${event.type}`);
    if (index > 0 && event.type === 'DisputeOpened') return corrupt('a dispute stream holds only one DisputeOpened');
    if (event.data.disputeId !== disputeId) return corrupt(`the event belongs to dispute ${event.data.disputeId}, not ${disputeId}`);
    records.push({ streamId, version: raw.version, globalPosition: raw.globalPosition, metadata: raw.metadata, event });
  }
  return E.right({ streamId, records, state: replay(records.map((r) => r.event)), version: stored.length });
};

/** Reads `dispute-{disputeId}` from the store and decodes it (see `decodeDisputeStream`). */
export const readDisputeStream = async (store: EventStore, disputeId: string): Promise<E.Either<StoreError, DisputeStream>> => {
  const stored = await store.readStream(disputeStreamId(disputeId));
  return E.isLeft(stored) ? stored : decodeDisputeStream(disputeId, stored.right);
};
