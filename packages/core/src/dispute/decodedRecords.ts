import * as E from 'fp-ts/lib/Either.js';
import type { ValidationError } from '../codecs/validationError';
import type { RecordedEvent } from '../eventStore/eventStore';
import { isFrozenRecord } from '../eventStore/frozenRecords';
import type { DisputeEvent } from './events';
import { parseEvent } from './parse';

/** Typed events of records that never change (see `markFrozenRecord`), decoded once. */
const decodedOnce = new WeakMap<RecordedEvent, DisputeEvent>();

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
};

/**
 * The typed event of a stored record, decoded with the event codecs. A record its store froze and
 * marked is decoded only the first time (the typed event, deep-frozen, is kept beside it); any other
 * record is decoded at every call.
 */
export const decodeRecordedEvent = (record: RecordedEvent): E.Either<ValidationError, DisputeEvent> => {
  const frozen = isFrozenRecord(record);
  if (frozen) {
    const known = decodedOnce.get(record);
    if (known !== undefined) return E.right(known);
  }
  const decoded = parseEvent({ type: record.type, data: record.data });
  if (frozen && E.isRight(decoded)) decodedOnce.set(record, deepFreeze(decoded.right));
  return decoded;
};
