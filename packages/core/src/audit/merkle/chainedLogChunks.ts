import { availableParallelism } from 'node:os';
import type { ResourceLimits } from 'node:worker_threads';
import type { ChainRangeJob, ChainRangeResult } from './chainRanges';
import type { RangedLog } from './logRanges';
import { answeredInOrder, startLanes } from './workerLanes';

/** One range of the log, `after` < global position ≤ `upTo`, and its events when a worker read them. */
export interface ChainedChunk {
  /** The range starts after this global position. */
  readonly after: number;
  /** The range ends at this global position (included). */
  readonly upTo: number;
  /**
   * The range's events as pages, in position order: `chainedPageEvents` turns each into its events
   * and their chain hashes. Absent when no worker could read the
   * range (no worker could start, it died, or the range holds a row the store refuses): the caller
   * then reads the range itself, as one thread does, and so reports what one thread reports.
   */
  readonly pages?: ReadonlyArray<Uint8Array>;
}

/** Options of `chainedLogChunks`. */
export interface ChainedLogChunksOptions {
  /** Worker threads (default: 1 where there are at least 2 cores, else 0); 0 reads nothing (every chunk comes back without pages). */
  readonly threads?: number;
  /** Global positions per chunk (default 2,048). */
  readonly span?: number;
  /** Rows a worker reads per query (default 512). */
  readonly pageSize?: number;
  /** Most events per page (default 250). */
  readonly rowsPerPage?: number;
  /**
   * About the most characters of JSON text per page (default 16,000). Small pages are parsed into
   * objects that are checked and dropped while still young; measured on 1,000,008 events, pages of
   * 48,000 characters made `verify` about a quarter slower (bench/README.md, "verify of 1,000,000 events").
   */
  readonly maxPageChars?: number;
}

/**
 * A reading worker's heap: a chunk of 2,048 rows needs a few megabytes, and the default heap (sized
 * for a whole application) only adds to the process's peak memory. A chunk too large for it (huge
 * events) ends the worker, and the caller reads the rest itself, as one thread does.
 */
const READER_HEAP: ResourceLimits = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 };

/** The default number of reading threads beside the calling thread: one, where there is a second core. */
const defaultThreads = (): number => (availableParallelism() >= 2 ? 1 : 0);

/**
 * The log's events with `after` < global position ≤ `upTo`, read by worker threads on their own
 * connection (`RangedLog`), each event checked as the store checks it and its chain hash computed
 * there (`logRowChainHash`): the calling thread is left to parse each page (one `JSON.parse`) and
 * check what only it can (decoding, fold, rules, the links of the chains). Every event comes from
 * this one read, so what the caller checks is what was hashed. Chunks come in position order,
 * `span` positions wide, a few read ahead of the one yielded. A chunk without `pages` must be read
 * by the caller (see `ChainedChunk`). The workers end when the iteration ends (or is left early).
 */
export async function* chainedLogChunks(log: RangedLog, after: number, upTo: number, options: ChainedLogChunksOptions = {}): AsyncGenerator<ChainedChunk> {
  const span = Math.max(1, Math.floor(options.span ?? 2_048));
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? 512));
  const rowsPerPage = Math.max(1, Math.floor(options.rowsPerPage ?? 250));
  const maxPageChars = Math.max(1, Math.floor(options.maxPageChars ?? 16_000));
  const lanes = upTo > after ? startLanes<ChainRangeResult>(log, Math.max(0, Math.floor(options.threads ?? defaultThreads())), READER_HEAP) : [];
  const jobAt = (k: number): ChainRangeJob => ({ kind: 'chain', id: k, after: after + k * span, upTo: Math.min(upTo, after + (k + 1) * span), pageSize, rowsPerPage, maxPageChars });
  const count = Math.ceil(Math.max(0, upTo - after) / span);
  for await (const { job, result } of answeredInOrder(lanes, count, jobAt)) {
    yield result === undefined || result.failed !== undefined || result.pages === undefined ? { after: job.after, upTo: job.upTo } : { after: job.after, upTo: job.upTo, pages: result.pages };
  }
}
