import * as E from 'fp-ts/lib/Either.js';
import { parseEvent } from '../dispute/parse';
import type { DisputeEvent } from '../dispute/events';
import type { ChainedEvent } from './verifyChain';

/** A stored event as the audit views take it: a `RecordedEvent`, or a line of an exported history. */
export type AuditRecord = ChainedEvent;

/** A stored event and its decoding: the typed event, or why it does not decode. */
export interface DecodedRecord {
  readonly record: AuditRecord;
  readonly event?: DisputeEvent;
  /** Why the stored event is not a valid dispute event (only when `event` is absent). */
  readonly problem?: string;
}

/** Decodes stored events with the event codecs; an event that does not decode keeps its problem. Never throws. */
export const decodeRecords = (records: ReadonlyArray<AuditRecord>): ReadonlyArray<DecodedRecord> =>
  records.map((record) => {
    const decoded = parseEvent({ type: record.type, data: record.data });
    return E.isRight(decoded) ? { record, event: decoded.right } : { record, problem: decoded.left.message };
  });
