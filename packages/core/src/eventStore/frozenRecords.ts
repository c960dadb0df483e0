import type { RecordedEvent } from './eventStore';

const frozenRecords = new WeakSet<RecordedEvent>();

/**
 * Marks a recorded event that its store deep-froze itself (record, data and metadata), so that it can
 * never change: a reader may then decode it once and keep the result for as long as the record
 * lives. Only a store that made the frozen copy calls this (the in-memory store does); a record not
 * marked is decoded at every read, as one from bytes must be. Returns `record`.
 */
export const markFrozenRecord = (record: RecordedEvent): RecordedEvent => {
  if (!Object.isFrozen(record) || !Object.isFrozen(record.data) || !Object.isFrozen(record.metadata)) {
    throw new TypeError('markFrozenRecord: the record is not frozen');
  }
  frozenRecords.add(record);
  return record;
};

/** True when `record` was marked by `markFrozenRecord`: it never changes. */
export const isFrozenRecord = (record: RecordedEvent): boolean => frozenRecords.has(record);
