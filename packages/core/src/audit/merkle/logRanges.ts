import { pathToFileURL } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { decodeLogLeafRows, logLeafRowHash } from './logRowLeaf';

/**
 * A store's log read by position range from a worker thread, on the worker's own connection: the
 * store's rows as they are stored, each an array `[stream id, version, global position, event id,
 * type, data, metadata]` with data and metadata still JSON text (the columns `decodeLogRows`
 * takes). SQLite and PostgreSQL provide one (`openSqliteLogRangeReader`, `openPostgresLogRangeReader`).
 */
export interface LogRangeReader {
  /** The rows with `after` < global position ≤ `upTo`, in position order, at most `maxCount`. */
  readRows(after: number, upTo: number, maxCount: number): Promise<ReadonlyArray<ReadonlyArray<unknown>>> | ReadonlyArray<ReadonlyArray<unknown>>;
  /** Ends the worker's connection. */
  close(): Promise<void> | void;
}

/**
 * How a worker thread opens its own `LogRangeReader`: the module it imports (an absolute file:
 * `.js`/`.cjs`/`.mjs` is imported, `.ts` is required through tsx), the export it calls, and the
 * options it passes (structured-cloneable: a file name, a connection string).
 */
export interface LogRangeOpener {
  /** The module's absolute file. */
  readonly module: string;
  /** The function it exports that opens a reader (`options` in, a `LogRangeReader` or a promise of one out). */
  readonly exportName: string;
  /** What that function is passed. */
  readonly options: unknown;
}

/**
 * A store's log as worker threads read it (`leafChunks`): how each worker opens it, and how far the
 * log is complete now.
 */
export interface RangedLog {
  /** How each worker opens its own reader. */
  readonly opener: LogRangeOpener;
  /**
   * The global position up to which the log is complete now: every event at or below it is
   * readable (`readAll` returns it) and no append can still land at or below it. 0 when empty.
   */
  lastPosition(): Promise<number>;
}

/** One range of the log for a worker: the events with `after` < global position ≤ `upTo`. */
export interface LeafRangeJob {
  readonly id: number;
  readonly after: number;
  readonly upTo: number;
  /** Rows read per query. */
  readonly pageSize: number;
}

/** A worker's answer: the range's leaf hashes (32 bytes each) and global positions, in position order (buffers transferred), or why it could not. */
export interface LeafRangeResult {
  readonly id: number;
  readonly count: number;
  readonly positions?: ArrayBuffer;
  readonly leaves?: ArrayBuffer;
  /** The range holds a row the store would refuse (`CorruptEvent`), or the reader failed: the caller reads the range itself, as one thread does. */
  readonly failed?: string;
}

/**
 * Reads one range with `reader` and hashes its leaves (`eventLeafHash` of each event decoded as the
 * stores decode it, `decodeLogRows`; through `decodeLogLeafRows` and `logLeafRowHash`, which give
 * the same bytes without parsing data that is stored as canonical JSON): what a worker runs, and
 * what a test runs in its own thread.
 */
export const runLeafRange = async (reader: LogRangeReader, job: LeafRangeJob): Promise<{ readonly result: LeafRangeResult; readonly transfer: ArrayBuffer[] }> => {
  const capacity = Math.max(0, job.upTo - job.after);
  // Positions are distinct integers: a range holds at most upTo - after events.
  const leaves = new Uint8Array(capacity * 32);
  const positions = new Float64Array(capacity);
  let count = 0;
  try {
    for (let after = job.after; after < job.upTo; ) {
      const rows = await reader.readRows(after, job.upTo, job.pageSize);
      const decoded = decodeLogLeafRows(rows);
      if (E.isLeft(decoded)) return { result: { id: job.id, count: 0, failed: decoded.left.message }, transfer: [] };
      for (const row of decoded.right) {
        const event = row.event;
        if (count >= capacity || event.globalPosition <= after || event.globalPosition > job.upTo) return { result: { id: job.id, count: 0, failed: `the reader gave global position ${event.globalPosition} outside (${after}, ${job.upTo}]` }, transfer: [] };
        leaves.set(logLeafRowHash(row), count * 32);
        positions[count++] = event.globalPosition;
        after = event.globalPosition;
      }
      if (rows.length < job.pageSize) break;
    }
  } catch (error) {
    return { result: { id: job.id, count: 0, failed: error instanceof Error ? error.message : String(error) }, transfer: [] };
  }
  const result: LeafRangeResult = { id: job.id, count, positions: positions.buffer, leaves: leaves.buffer };
  return { result, transfer: [positions.buffer, leaves.buffer] };
};

/** Opens a reader as `opener` says (in a worker thread). */
export const openLogRangeReader = async (opener: LogRangeOpener): Promise<LogRangeReader> => {
  // A `.ts` module is loaded where tsx is registered for CommonJS (the worker started from the sources).
  const loaded = (opener.module.endsWith('.ts') && typeof require === 'function' ? require(opener.module) : await import(pathToFileURL(opener.module).href)) as Record<string, unknown>;
  const open = loaded[opener.exportName];
  if (typeof open !== 'function') throw new TypeError(`${opener.module} has no function ${opener.exportName}`);
  return (await (open as (options: unknown) => LogRangeReader | Promise<LogRangeReader>)(opener.options)) as LogRangeReader;
};
