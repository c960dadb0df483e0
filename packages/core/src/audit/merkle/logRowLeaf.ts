import * as E from 'fp-ts/lib/Either.js';
import type { CorruptEvent, RecordedEvent } from '../../eventStore/eventStore';
import { decodeLogRow, decodeLogRowButData, type EventWithDataText } from '../../eventStore/storedRows';
import { canonicalJson } from '../canonicalJson';
import { isCanonicalJsonText } from '../canonicalJsonText';
import { eventLeafHash } from './logLeaf';
import { leafHash } from './treeHash';

/*
 * The leaf of a stored log row (`[stream id, version, global position, event id, type, data,
 * metadata]`, data and metadata still JSON text), hashed without parsing and re-encoding the data
 * when its stored text is already canonical JSON (the writer sorts keys, so it nearly always is).
 * The leaf is byte for byte `eventLeafHash` of the event `decodeLogRows` decodes from the row.
 */

/** A log row checked as `decodeLogRows` checks it: its event, with the data left as text when that text is canonical JSON. */
export type LogLeafRow = { readonly parsed: true; readonly event: RecordedEvent } | { readonly parsed: false; readonly event: EventWithDataText };

/**
 * Checks one log row as `decodeLogRow` does (the same `CorruptEvent` for a bad row), without parsing
 * its data when the data text is canonical JSON (`isCanonicalJsonText`: such text is valid JSON, so
 * its parse could neither fail nor give `undefined`, and the checks that follow are the same).
 */
export const decodeLogLeafRow = (row: ReadonlyArray<unknown>): E.Either<CorruptEvent, LogLeafRow> => {
  const dataText = row[5];
  if (typeof dataText === 'string' && isCanonicalJsonText(dataText)) {
    const event = decodeLogRowButData(row, dataText);
    return E.isLeft(event) ? event : E.right({ parsed: false, event: event.right });
  }
  const event = decodeLogRow(row);
  return E.isLeft(event) ? event : E.right({ parsed: true, event: event.right });
};

/** `decodeLogLeafRow` over rows in order, stopping at the first corrupt one (as `decodeLogRows` does). */
export const decodeLogLeafRows = (rows: ReadonlyArray<ReadonlyArray<unknown>>): E.Either<CorruptEvent, ReadonlyArray<LogLeafRow>> => {
  const decoded: LogLeafRow[] = [];
  for (const row of rows) {
    const leafRow = decodeLogLeafRow(row);
    if (E.isLeft(leafRow)) return leafRow;
    decoded.push(leafRow.right);
  }
  return E.right(decoded);
};

/**
 * `canonicalJson` of `{ data, metadata, streamId, type, version }` (keys in that order, which is
 * sorted) for an event whose data is canonical JSON text, the data written as its text: with the
 * whole stored metadata it is the leaf's text, with the metadata less its `hash` the text hash
 * version 2 hashes (`logRowChainHash`). Throws what `canonicalJson` throws for the metadata.
 */
export const contentTextWithDataText = (event: EventWithDataText, metadata: unknown): string =>
  `{"data":${event.data},"metadata":${canonicalJson(metadata)},"streamId":${canonicalJson(event.streamId)},"type":${canonicalJson(event.type)},"version":${canonicalJson(event.version)}}`;

/**
 * The leaf hash of a checked row: `eventLeafHash` of its event. When anything in the short way throws
 * (metadata canonical JSON refuses, such as a number too large for a double), the event is hashed the
 * usual way, with its data parsed, so that it throws just what `eventLeafHash` throws.
 */
export const logLeafRowHash = (row: LogLeafRow): Buffer => {
  if (row.parsed) return eventLeafHash(row.event);
  let text: string;
  try {
    text = contentTextWithDataText(row.event, row.event.metadata);
  } catch {
    return eventLeafHash({ ...row.event, data: JSON.parse(row.event.data) as unknown });
  }
  return leafHash(text);
};

/** A log row's leaf hash, or the `CorruptEvent` `decodeLogRows` gives for it (`decodeLogLeafRow`, then `logLeafRowHash`). */
export const logRowLeafHash = (row: ReadonlyArray<unknown>): E.Either<CorruptEvent, Buffer> => {
  const leafRow = decodeLogLeafRow(row);
  return E.isLeft(leafRow) ? leafRow : E.right(logLeafRowHash(leafRow.right));
};
