import * as E from 'fp-ts/lib/Either.js';
import type { ValidationError } from '../codecs/validationError';
import type { EventMetadata, RecordedEvent, StreamId } from '../eventStore/eventStore';
import { isFrozenRecord } from '../eventStore/frozenRecords';
import type { DisputeEvent } from './events';
import { parseStoredEvent } from './parse';

/** A stored dispute event with its typed event: the fields of `RecordedDisputeEvent` (service). */
export interface DecodedRecord {
  readonly streamId: StreamId;
  readonly version: number;
  readonly globalPosition?: number;
  readonly metadata: EventMetadata;
  readonly event: DisputeEvent;
}

/**
 * Decoded records of records that never change (see `markFrozenRecord`), decoded once: the answer,
 * a deep-frozen `DecodedRecord`, is kept beside the record for as long as the record lives.
 */
const decodedOnce = new WeakMap<RecordedEvent, E.Right<DecodedRecord>>();

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
};

/**
 * A stored record of the stream `streamId` with its typed event, decoded with the event codecs
 * (`parseStoredEvent`: the same accept and refuse as `parseEvent`). A record its store froze and
 * marked is decoded only the first time: the deep-frozen result is kept beside it and handed out
 * again (the record can never change, so neither can its decoding); any other record is decoded at
 * every call.
 */
export const decodeRecord = (record: RecordedEvent, streamId: StreamId): E.Either<ValidationError, DecodedRecord> => {
  const known = decodedOnce.get(record);
  if (known !== undefined && known.right.streamId === streamId) return known;
  const decoded = parseStoredEvent(record.type, record.data);
  if (E.isLeft(decoded)) return decoded;
  const recorded: DecodedRecord = { streamId, version: record.version, globalPosition: record.globalPosition, metadata: record.metadata, event: decoded.right };
  if (!isFrozenRecord(record)) return E.right(recorded);
  deepFreeze(decoded.right);
  const once = E.right(Object.freeze(recorded)) as E.Right<DecodedRecord>;
  decodedOnce.set(record, once);
  return once;
};

/**
 * The typed event of a stored record, decoded with the event codecs. A record its store froze and
 * marked is decoded only the first time (the typed event, deep-frozen, is kept beside it); any other
 * record is decoded at every call.
 */
export const decodeRecordedEvent = (record: RecordedEvent): E.Either<ValidationError, DisputeEvent> =>
  E.map((decoded: DecodedRecord) => decoded.event)(decodeRecord(record, record.streamId));
