import { availableParallelism } from 'node:os';
import type { LeafRangeJob, LeafRangeResult, RangedLog } from './logRanges';
import { answeredInOrder, startLanes } from './workerLanes';

/** One range of the log, `after` < global position ≤ `upTo`, and its leaves when a worker hashed them. */
export interface LeafChunk {
  /** The range starts after this global position. */
  readonly after: number;
  /** The range ends at this global position (included). */
  readonly upTo: number;
  /**
   * The range's events' leaf hashes (`eventLeafHash`, 32 bytes each) and global positions, in
   * position order. Absent when no worker could hash the range (no worker could start, one died, or
   * the range holds a row the store refuses): the caller then reads the range itself, as one
   * thread does, and so reports what one thread reports.
   */
  readonly hashed?: { readonly count: number; readonly positions: Float64Array; readonly leaves: Buffer };
}

/** Options of `leafChunks`. */
export interface LeafChunksOptions {
  /** Worker threads (default: min(2, cores)); 0 hashes nothing (every chunk comes back without leaves). */
  readonly threads?: number;
  /** Global positions per chunk (default 16,384). */
  readonly span?: number;
  /** Rows a worker reads per query (default 4,096). */
  readonly pageSize?: number;
}

/** The default number of threads of a pass over the log: min(2, cores); 0 (one thread) on one core. */
export const defaultLogThreads = (): number => {
  const cores = availableParallelism();
  return cores >= 2 ? 2 : 0;
};

/** A worker's result as a chunk. */
const chunkOf = (job: LeafRangeJob, result: LeafRangeResult | undefined): LeafChunk => {
  if (result === undefined || result.failed !== undefined || result.positions === undefined || result.leaves === undefined) return { after: job.after, upTo: job.upTo };
  return { after: job.after, upTo: job.upTo, hashed: { count: result.count, positions: new Float64Array(result.positions, 0, result.count), leaves: Buffer.from(result.leaves, 0, result.count * 32) } };
};

/**
 * The leaves of the log's events with `after` < global position ≤ `upTo`, hashed by worker threads
 * that each read their own ranges of the store (`RangedLog`, on their own connection) and send back
 * only the 32-byte hashes and the positions (transferred buffers, no objects): the calling thread
 * is left to fold them into the tree. Chunks come in position order, whichever worker finished
 * first, each `span` positions wide; a few chunks are hashed ahead of the one yielded. A chunk
 * without `hashed` must be read by the caller (see `LeafChunk`). The workers end when the
 * iteration ends (or is left early).
 */
export async function* leafChunks(log: RangedLog, after: number, upTo: number, options: LeafChunksOptions = {}): AsyncGenerator<LeafChunk> {
  const span = Math.max(1, Math.floor(options.span ?? 16_384));
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? 4_096));
  const lanes = upTo > after ? startLanes<LeafRangeResult>(log, Math.max(0, Math.floor(options.threads ?? defaultLogThreads()))) : [];
  const jobAt = (k: number): LeafRangeJob => ({ id: k, after: after + k * span, upTo: Math.min(upTo, after + (k + 1) * span), pageSize });
  const count = Math.ceil(Math.max(0, upTo - after) / span);
  for await (const { job, result } of answeredInOrder(lanes, count, jobAt)) yield chunkOf(job, result);
}
