import { canonicalJson } from '../canonicalJson';
import { HASH_VERSION, recomputeChainHash } from '../eventHash';
import { sha256Hex } from '../sha256Hex';
import type { EventWithDataText } from '../../eventStore/storedRows';
import type { LogLeafRow } from './logRowLeaf';

/*
 * The chain hash of a stored log row, computed where the row was read (a worker thread of
 * `chainedLogChunks`) so that the chain check only compares it: `recomputeChainHash` of the event
 * `decodeLogRows` decodes from the row, without parsing and re-encoding the data when its stored
 * text is already canonical JSON.
 */

/**
 * The text `eventHashV2` hashes, for an event whose data is canonical JSON text: `canonicalJson` of
 * `{ data, metadata, streamId, type, version }` (keys in that order, which is sorted), the metadata
 * without its `hash`, and the data written as its text.
 */
const chainTextWithDataText = (event: EventWithDataText): string => {
  const { hash: _hash, ...covered } = event.metadata as unknown as Record<string, unknown>;
  return `{"data":${event.data},"metadata":${canonicalJson(covered)},"streamId":${canonicalJson(event.streamId)},"type":${canonicalJson(event.type)},"version":${canonicalJson(event.version)}}`;
};

/**
 * `recomputeChainHash` of a checked row's event, or `null` when it throws (the event cannot be
 * hashed: the chain check then hashes it itself, and reports why in its own words). A row of hash
 * version 2 whose data was left as canonical text is hashed from that text; any other row, or one
 * whose short way throws (metadata canonical JSON refuses), is hashed the usual way with its data
 * parsed. The same hash in every case.
 */
export const logRowChainHash = (row: LogLeafRow): string | null => {
  try {
    if (row.parsed) return recomputeChainHash(row.event);
    if (row.event.metadata['hashVersion'] === HASH_VERSION) {
      try {
        return sha256Hex(chainTextWithDataText(row.event));
      } catch {
        // The usual way below throws what `recomputeChainHash` throws, or hashes what this could not.
      }
    }
    return recomputeChainHash({ ...row.event, data: JSON.parse(row.event.data) as unknown });
  } catch {
    return null;
  }
};
