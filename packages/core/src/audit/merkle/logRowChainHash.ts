import { HASH_VERSION, recomputeChainHash } from '../eventHash';
import { sha256Hex } from '../sha256Hex';
import { contentTextWithDataText, type LogLeafRow } from './logRowLeaf';

/*
 * The chain hash of a stored log row, computed where the row was read (a worker thread of
 * `chainedLogChunks`) so that the chain check only compares it: `recomputeChainHash` of the event
 * `decodeLogRows` decodes from the row, without parsing and re-encoding the data when its stored
 * text is already canonical JSON.
 */

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
        const { hash: _hash, ...covered } = row.event.metadata as unknown as Record<string, unknown>;
        return sha256Hex(contentTextWithDataText(row.event, covered));
      } catch {
        // The usual way below throws what `recomputeChainHash` throws, or hashes what this could not.
      }
    }
    return recomputeChainHash({ ...row.event, data: JSON.parse(row.event.data) as unknown });
  } catch {
    return null;
  }
};
