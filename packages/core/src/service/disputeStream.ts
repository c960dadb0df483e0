import * as E from 'fp-ts/lib/Either.js';
import { DisputeFolder } from '../dispute/fold';
import { decodeRecord } from '../dispute/decodedRecords';
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
 * A dispute stream being decoded part after part (the pages of one read, or the events after an
 * earlier decoding): each event is checked, decoded and folded as it comes, so that a long stream
 * never needs every stored row alive at once.
 */
class DisputeStreamDecoder {
  readonly streamId: StreamId;
  private readonly records: RecordedDisputeEvent[];
  private readonly folder: DisputeFolder;
  private version: number;

  constructor(
    private readonly disputeId: string,
    private readonly from: DisputeStream | undefined,
  ) {
    this.streamId = disputeStreamId(disputeId);
    this.records = from === undefined ? [] : from.records.slice();
    this.folder = new DisputeFolder(from?.state ?? initialState);
    this.version = from?.version ?? 0;
  }

  /** Checks, decodes and folds `stored`, the events after those added so far; the first problem is a `CorruptEvent`. */
  add(stored: ReadonlyArray<RecordedEvent>): CorruptEvent | undefined {
    const { disputeId, streamId } = this;
    for (let index = 0; index < stored.length; index++) {
      const raw = stored[index]!;
      const position = this.version;
      let problem: string | undefined;
      if (raw.version !== position + 1) problem = `expected version ${position + 1} at this place of the stream`;
      else {
        const decoded = decodeRecord(raw, streamId);
        if (E.isLeft(decoded)) problem = decoded.left.message;
        else {
          const record = decoded.right;
          const event = record.event;
          if (position === 0 && event.type !== 'DisputeOpened') problem = `a dispute stream must start with DisputeOpened, not ${event.type}`;
          else if (position > 0 && event.type === 'DisputeOpened') problem = 'a dispute stream holds only one DisputeOpened';
          else if (event.data.disputeId !== disputeId) problem = `the event belongs to dispute ${event.data.disputeId}, not ${disputeId}`;
          else {
            this.records.push(record);
            this.folder.add(event);
            this.version = position + 1;
            continue;
          }
        }
      }
      return corruptEvent(streamId, raw.version, problem, raw.globalPosition);
    }
    return undefined;
  }

  /** The decoded stream; the decoder ends here. */
  result(): DisputeStream {
    const from = this.from;
    if (from !== undefined && this.version === from.version) return from;
    const fromSnapshot = from?.fromSnapshot === undefined ? {} : { fromSnapshot: from.fromSnapshot };
    return { streamId: this.streamId, records: this.records, state: this.folder.result(), version: this.version, ...fromSnapshot };
  }
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
  const decoder = new DisputeStreamDecoder(disputeId, from);
  const problem = decoder.add(stored);
  return problem === undefined ? E.right(decoder.result()) : E.left(problem);
};

/**
 * How many events a stream read asks the store for at a time: a longer stream is read, decoded and
 * folded page by page, so that only one page of stored rows (text, parsed JSON) is alive at once
 * beside the decoded events. A short stream is one read.
 */
export const STREAM_READ_PAGE = 1_000;

/**
 * Reads the whole of `dispute-{disputeId}` from the store and decodes it (see
 * `decodeDisputeStream`): a stored event that does not decode is a `CorruptEvent`, never skipped.
 * The stream is read in pages of `pageSize` events (default `STREAM_READ_PAGE`) until a page comes
 * back short.
 */
export const readDisputeStream = async (store: EventStore, disputeId: string, pageSize = STREAM_READ_PAGE): Promise<E.Either<StoreError, DisputeStream>> => {
  const decoder = new DisputeStreamDecoder(disputeId, undefined);
  for (let fromVersion = 1; ; fromVersion += pageSize) {
    const page = await store.readStream(decoder.streamId, { fromVersion, maxCount: pageSize });
    if (E.isLeft(page)) return page;
    const problem = decoder.add(page.right);
    if (problem !== undefined) return E.left(problem);
    if (page.right.length < pageSize) return E.right(decoder.result());
  }
};
