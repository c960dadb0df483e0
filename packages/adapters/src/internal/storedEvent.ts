/** How the stores decode their rows (kept in core: the Merkle log's worker threads decode rows the same way). */
export { decodeLogRows, decodeStoredEvent, decodeStoredRows, decodeStreamRows, toJsonText } from '@disputekit/core/internal';
export type { RawStoredEvent, StoredRow } from '@disputekit/core/internal';
