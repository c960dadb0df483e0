/**
 * @disputekit/core/internal — building blocks that the other packages of the disputekit workspace
 * (stores, CLI, bench, test harnesses) share with core, but that are not part of its public API:
 * they may change in any release without notice. Marketplace code should import from
 * `@disputekit/core` only.
 * @internal
 * @packageDocumentation
 */

// Writing events: command events to stored events, and the hash chain over them
export { toNewEvents } from '../service/internal/newDisputeEvents';
export { eventIdFor } from '../service/eventIds';
export { chainNewEvents, eventHashV2, recomputeChainHash } from '../audit/eventHash';

// Reading streams: a dispute's stream and the order guard's events
export { decodeDisputeStream, readDisputeStream } from '../service/disputeStream';
export type { DisputeStream } from '../service/disputeStream';
export { encodeOrderGuardEvent, parseOrderGuardEvent } from '../orderGuard/internal/eventCodecs';

// Instants and the Merkle log's leaves
export { parseInstantMillis } from '../codecs/instant';
export { leafText } from '../audit/merkle/logLeaf';
export { rootOfLeaves } from '../audit/merkle/logAgainstCheckpoint';

// The hash jobs the hash pool's workers run (also run in the calling thread)
export { chainHashesOf, leafHashesOf, runHashJob, runHashJobSafely } from '../audit/merkle/hashJobs';
export type { HashJob, HashJobResult } from '../audit/merkle/hashJobs';

// How stores decode their rows (also in the Merkle log's worker threads, which read a store's log themselves)
export { decodeLogRows, decodeStoredEvent, decodeStoredRows, decodeStreamRows, toJsonText } from '../eventStore/storedRows';
export type { RawStoredEvent, StoredRow } from '../eventStore/storedRows';

// The range jobs of the Merkle log's workers that read the store themselves, and how a store names its reader's module
export { openLogRangeReader, runLeafRange } from '../audit/merkle/logRanges';
export type { LeafRangeJob, LeafRangeResult } from '../audit/merkle/logRanges';
export { runChainRange } from '../audit/merkle/chainRanges';
export type { ChainRangeJob, ChainRangeResult } from '../audit/merkle/chainRanges';
export { logRowChainHash } from '../audit/merkle/logRowChainHash';
export { callerFile } from '../audit/merkle/hashWorkerScript';
