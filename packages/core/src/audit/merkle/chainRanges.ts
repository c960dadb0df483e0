import * as E from 'fp-ts/lib/Either.js';
import type { EventMetadata } from '../../eventStore/eventStore';
import { HASH_VERSION, isHashHex } from '../eventHash';
import { chainedPageBytes, chainedPageRow } from './chainedPage';
import type { LogRangeReader } from './logRanges';
import { logRowChainHash } from './logRowChainHash';
import { decodeLogLeafRow } from './logRowLeaf';

/** One range of the log for a worker to read and chain-hash: the events with `after` < global position ≤ `upTo`. */
export interface ChainRangeJob {
  readonly kind: 'chain';
  readonly id: number;
  readonly after: number;
  readonly upTo: number;
  /** Rows read per query. */
  readonly pageSize: number;
  /** Most rows per page sent back. */
  readonly rowsPerPage: number;
  /** Most characters of JSON text per page (a page is closed once it reaches this): small pages die young in the calling thread's heap once parsed. */
  readonly maxPageChars: number;
}

/** A worker's answer: the range's events as pages (`chainedPageBytes`, buffers transferred), in position order, or why it could not. */
export interface ChainRangeResult {
  readonly id: number;
  readonly count: number;
  readonly pages?: ReadonlyArray<Uint8Array>;
  /** The range holds a row the store would refuse (`CorruptEvent`), or the reader failed: the caller reads the range itself, as one thread does. */
  readonly failed?: string;
}

const failed = (job: ChainRangeJob, why: string): ChainRangeResult => ({ id: job.id, count: 0, failed: why });

/**
 * The metadata text a page carries for an event whose chain hash was computed: only the chain
 * fields, which are all the log verifier reads of it once the hash is in hand (the hash covered
 * the whole metadata), when they hold what the chain writes (64 hex digits each, hash version 2 or
 * none), so that they read back exactly as stored; else the whole stored text.
 */
const metadataTextFor = (metadata: EventMetadata, storedText: string, chainHash: string | null): string => {
  if (chainHash === null) return storedText;
  const { hash, previousHash, hashVersion } = metadata as unknown as Record<string, unknown>;
  if (!isHashHex(hash) || !isHashHex(previousHash)) return storedText;
  if (hashVersion === HASH_VERSION) return `{"hash":"${hash}","previousHash":"${previousHash}","hashVersion":${HASH_VERSION}}`;
  return hashVersion === undefined && !Object.prototype.hasOwnProperty.call(metadata, 'hashVersion') ? `{"hash":"${hash}","previousHash":"${previousHash}"}` : storedText;
};

/**
 * Reads one range with `reader`, checks each row as the stores do (`decodeLogRows`, through
 * `decodeLogLeafRow`, which leaves canonical data unparsed), computes its chain hash
 * (`logRowChainHash`) and writes the rows into pages (`chainedPageBytes`) of at most `rowsPerPage`
 * rows and about `maxPageChars` characters, each event's metadata cut to its chain fields once its
 * hash is computed (`ChainHashedPage`): what a worker runs, and what a test runs in its own thread.
 */
export const runChainRange = async (reader: LogRangeReader, job: ChainRangeJob): Promise<ChainRangeResult> => {
  const rowsPerPage = Math.max(1, Math.floor(job.rowsPerPage));
  const pages: Uint8Array[] = [];
  let page: string[] = [];
  let pageChars = 0;
  let count = 0;
  try {
    for (let after = job.after; after < job.upTo; ) {
      const rows = await reader.readRows(after, job.upTo, job.pageSize);
      for (const row of rows) {
        const decoded = decodeLogLeafRow(row);
        if (E.isLeft(decoded)) return failed(job, decoded.left.message);
        const event = decoded.right.event;
        if (event.globalPosition <= after || event.globalPosition > job.upTo) return failed(job, `the reader gave global position ${event.globalPosition} outside (${after}, ${job.upTo}]`);
        // Both texts parsed (the data's was found canonical, or parsed) in `decodeLogLeafRow`.
        const chainHash = logRowChainHash(decoded.right);
        const text = chainedPageRow(event, row[5] as string, metadataTextFor(event.metadata, row[6] as string, chainHash), chainHash);
        page.push(text);
        pageChars += text.length + 1;
        if (page.length >= rowsPerPage || pageChars >= job.maxPageChars) {
          pages.push(chainedPageBytes(page));
          page = [];
          pageChars = 0;
        }
        count++;
        after = event.globalPosition;
      }
      if (rows.length < job.pageSize) break;
    }
  } catch (error) {
    return failed(job, error instanceof Error ? error.message : String(error));
  }
  if (page.length > 0) pages.push(chainedPageBytes(page));
  return { id: job.id, count, pages };
};
