import * as E from 'fp-ts/lib/Either.js';
import { chainedLogChunks, chainedPageEvents, createHashPool, leafChunks, RANGED_CATCH_UP_MINIMUM, type ChainHashedPage, type CorruptEvent, type EventLocation, type EventStore, type HashPool, type LogTreeRecorder, type RangedLog, type RecordedEvent, type StoreError } from '@disputekit/core';
import { postgresRangedLog } from '@disputekit/adapters/postgres';
import { sqliteRangedLog } from '@disputekit/adapters/sqlite';
import { storeFailure } from './storeErrors';
import type { OpenedStore } from './storeUrl';

/** Events read per page of the global log. */
export const PAGE_SIZE = 1_000;

/**
 * Events read per page of the global log by `verify` from an in-process store (SQLite, memory):
 * fewer than `PAGE_SIZE`, because the verifier spends long enough on each event (hash, decode,
 * fold, rules) that a page of 1,000 outlives V8's young-generation collections and is promoted to
 * the old generation, where it dies as garbage: with 1,000 that garbage was the largest part of
 * `verify`'s peak heap; a page of 250 dies young. A page of SQLite costs one indexed query, so the
 * extra reads cost nothing measurable. A network store (PostgreSQL, EventStoreDB) keeps
 * `PAGE_SIZE`: each page is a round trip, and four times as many would cost seconds per million events.
 */
export const VERIFY_PAGE_SIZE = 250;

/**
 * Events read per page of the global log when a `HashPool` hashes the pages ahead (`hashAhead`):
 * each page is split between the workers, so it must be large enough for their round trips to pay.
 */
export const POOLED_PAGE_SIZE = 2_048;

/**
 * The hashing pool of a pass over a store's log (close it): the events of SQLite and PostgreSQL are
 * parsed from JSON text, so they go to the workers as JSON (`transport: 'json'`, far cheaper than a
 * structured clone, the same hashes for JSON values); other stores' events are cloned.
 */
export const hashPoolFor = (store: OpenedStore): HashPool =>
  createHashPool({ transport: store.spec.kind === 'sqlite' || store.spec.kind === 'postgres' ? 'json' : 'clone' });

/** A stored event the store could not read back, where it is and why. */
export interface UnreadableEvent {
  readonly unreadableEvent: EventLocation;
  readonly why: string;
}

const isLocatedCorruption = (error: StoreError): error is CorruptEvent & { readonly globalPosition: number } =>
  error._tag === 'CorruptEvent' && error.globalPosition !== undefined;

const why = (error: CorruptEvent): string => error.message.replace(/^Stored event \S+( \(global position \d+\))? is corrupt: /, '');

/**
 * Reads a store's whole global log in pages of `pageSize`, yielding one page at a time: only one
 * page is in memory. A stored event the store cannot read back (`CorruptEvent` with its position)
 * is yielded as an `UnreadableEvent`, and the reading goes on after it: an auditor wants every
 * problem, not the first. Any other store failure is thrown as a `CliError`. `from`: start after
 * this global position (default 0, the whole log).
 */
export async function* readLogPages(store: EventStore, label: string, pageSize = PAGE_SIZE, from = 0): AsyncGenerator<ReadonlyArray<RecordedEvent> | UnreadableEvent> {
  let after = from;
  for (;;) {
    const page = await store.readAll({ after, maxCount: pageSize });
    if (E.isLeft(page)) {
      const error = page.left;
      if (!isLocatedCorruption(error)) throw storeFailure(error, label);
      // Read one event at a time up to the unreadable one, report it, and go on after it.
      for (;;) {
        const one = await store.readAll({ after, maxCount: 1 });
        if (E.isRight(one)) {
          const event = one.right[0];
          if (event === undefined) return;
          yield [event];
          after = event.globalPosition;
          continue;
        }
        if (!isLocatedCorruption(one.left)) throw storeFailure(one.left, label);
        yield { unreadableEvent: { streamId: one.left.streamId, version: one.left.version, globalPosition: one.left.globalPosition }, why: why(one.left) };
        after = one.left.globalPosition;
        break;
      }
      continue;
    }
    if (page.right.length === 0) return;
    yield page.right;
    after = page.right[page.right.length - 1]!.globalPosition;
    if (page.right.length < pageSize) return;
  }
}

/** `readLogPages` from after `from` up to global position `upTo` (included), and no further. */
async function* readLogPagesUpTo(store: EventStore, label: string, pageSize: number, from: number, upTo: number): AsyncGenerator<ReadonlyArray<RecordedEvent> | UnreadableEvent> {
  for await (const page of readLogPages(store, label, pageSize, from)) {
    if ('unreadableEvent' in page) {
      if ((page.unreadableEvent.globalPosition ?? 0) > upTo) return;
      yield page;
      continue;
    }
    const last = page[page.length - 1];
    if (last === undefined || last.globalPosition <= upTo) {
      yield page;
      continue;
    }
    const within = page.filter((event) => event.globalPosition <= upTo);
    if (within.length > 0) yield within;
    return;
  }
}

/** Options of `readLogPagesAhead`. */
export interface ReadAheadOptions {
  /** Fewer events than this in the log are read in this thread: a worker would cost more than it saves (default `RANGED_CATCH_UP_MINIMUM`). */
  readonly minimum?: number;
  /** Reading threads (default: one where there are two cores, see `chainedLogChunks`); 0 reads in this thread. */
  readonly threads?: number;
}

/**
 * The same events `readLogPages` gives (page by page, in log order, an event the store cannot read
 * back as an `UnreadableEvent`), but for a SQLite file or PostgreSQL read by a worker thread on its
 * own connection up to the log's last position now (`chainedLogChunks`), which also computes each
 * event's chain hash: those pages come with their chain hashes (`ChainHashedPage`), and this thread
 * parses each page once and leaves the chain check only hashes to compare. A range the worker could not read (a row the store refuses), and what was appended since,
 * are read here. Every event still comes from one read of the store. Other stores are read here.
 */
export async function* readLogPagesAhead(store: OpenedStore, pageSize: number, options: ReadAheadOptions = {}): AsyncGenerator<ReadonlyArray<RecordedEvent> | ChainHashedPage | UnreadableEvent> {
  const ranged = options.threads === 0 ? undefined : rangedLogFor(store);
  let from = 0;
  // Where the last position cannot be read, the whole log is read here (which reports the store's failure as one thread does).
  const upTo = ranged === undefined ? undefined : await ranged.lastPosition().catch(() => undefined);
  if (ranged !== undefined && upTo !== undefined && upTo >= (options.minimum ?? RANGED_CATCH_UP_MINIMUM)) {
    for await (const chunk of chainedLogChunks(ranged, 0, upTo, options.threads === undefined ? {} : { threads: options.threads })) {
      if (chunk.pages === undefined) yield* readLogPagesUpTo(store.events, store.label, pageSize, chunk.after, chunk.upTo);
      else for (const text of chunk.pages) yield chainedPageEvents(text);
      from = chunk.upTo;
    }
  }
  yield* readLogPages(store.events, store.label, pageSize, from);
}

/** Reads one stream, throwing a `CliError` on a store failure. */
export const readStreamOrFail = async (store: EventStore, label: string, streamId: string): Promise<ReadonlyArray<RecordedEvent>> => {
  const events = await store.readStream(streamId);
  if (E.isLeft(events)) throw storeFailure(events.left, label);
  return events.right;
};

/**
 * Reads one stream, going around events the store cannot read back: those are returned apart,
 * with where they are and why. Any other store failure is thrown as a `CliError`.
 */
export const readStreamTolerant = async (
  store: EventStore,
  label: string,
  streamId: string,
): Promise<{ readonly records: ReadonlyArray<RecordedEvent>; readonly unreadable: ReadonlyArray<UnreadableEvent> }> => {
  const whole = await store.readStream(streamId);
  if (E.isRight(whole)) return { records: whole.right, unreadable: [] };
  if (whole.left._tag !== 'CorruptEvent') throw storeFailure(whole.left, label);
  const records: RecordedEvent[] = [];
  const unreadable: UnreadableEvent[] = [];
  for (let version = 1; ; version++) {
    const one = await store.readStream(streamId, { fromVersion: version, maxCount: 1 });
    if (E.isLeft(one)) {
      if (one.left._tag !== 'CorruptEvent') throw storeFailure(one.left, label);
      unreadable.push({
        unreadableEvent: { streamId, version: one.left.version, ...(one.left.globalPosition === undefined ? {} : { globalPosition: one.left.globalPosition }) },
        why: why(one.left),
      });
      version = Math.max(version, one.left.version);
      continue;
    }
    const event = one.right[0];
    if (event === undefined) break;
    records.push(event);
    version = event.version;
  }
  return { records, unreadable };
};

/** What `hashAhead` computes for each page: the chain hashes always, the leaf hashes when asked. */
export interface HashAheadOptions {
  /** Called with each page's leaf hashes (32 bytes an event) just before the page is yielded, so in the pages' order; without it, no leaf is hashed. */
  readonly onLeaves?: (page: ReadonlyArray<RecordedEvent>, leaves: Buffer) => void;
}

type LogPage = ReadonlyArray<RecordedEvent> | UnreadableEvent;

/** A page `hashAhead` is working on: the page, and its chain hashes and leaves (when asked) to come. */
interface HashingPage {
  readonly page: LogPage;
  readonly hashed: Promise<{ readonly chain: ReadonlyArray<string | null>; readonly leaves: Buffer | undefined } | undefined>;
}

/** Starts hashing one page in the pool: its chain hashes, and its leaf hashes when asked. */
const hashPage = (page: LogPage, pool: HashPool, options: HashAheadOptions): HashingPage['hashed'] => {
  if ('unreadableEvent' in page) return Promise.resolve(undefined);
  if (options.onLeaves === undefined) return pool.chainHashes(page).then((chain) => ({ chain, leaves: undefined }));
  return pool.leafAndChainHashes(page);
};

/** Waits for a page's hashes, gives its leaves to `onLeaves` (so in the pages' order, whichever page's hashing ended first), and returns the page with its chain hashes. */
const settled = async (ahead: HashingPage, options: HashAheadOptions): Promise<ChainHashedPage | UnreadableEvent> => {
  const hashed = await ahead.hashed;
  if ('unreadableEvent' in ahead.page || hashed === undefined) return ahead.page as UnreadableEvent;
  if (hashed.leaves !== undefined) options.onLeaves?.(ahead.page, hashed.leaves);
  return { events: ahead.page, chainHashes: hashed.chain };
};

/**
 * The pages of `pages`, each with its events' chain hashes computed in `pool` (worker threads, a
 * `ChainHashedPage` for the chain check), and their leaf hashes given to `onLeaves`: the workers hash
 * the next page while the caller checks this one. The same events, in the same pages and order, as `pages`.
 */
export async function* hashAhead(pages: AsyncIterable<LogPage>, pool: HashPool, options: HashAheadOptions = {}): AsyncGenerator<ChainHashedPage | UnreadableEvent> {
  let previous: HashingPage | undefined;
  for await (const page of pages) {
    const hashed = hashPage(page, pool, options);
    // Rejections are taken when the page is yielded (in order); none is left unhandled meanwhile.
    hashed.catch(() => undefined);
    if (previous !== undefined) yield await settled(previous, options);
    previous = { page, hashed };
  }
  if (previous !== undefined) yield await settled(previous, options);
}

/**
 * The store's log as worker threads read it themselves (`RangedLog`): SQLite files and PostgreSQL;
 * `undefined` for the others (memory, EventStoreDB), which are read in this thread.
 */
export const rangedLogFor = (store: OpenedStore): RangedLog | undefined => {
  const spec = store.spec;
  if (spec.kind === 'sqlite') return sqliteRangedLog({ filename: spec.filename });
  if (spec.kind === 'postgres') return postgresRangedLog({ connectionString: spec.connectionString, ...(spec.schema === undefined ? {} : { schema: spec.schema }) });
  return undefined;
};

/** Pushes a page's events (and unreadable events) up to global position `upTo` into `recorder`; false once a later event is met. */
const recordPage = (recorder: LogTreeRecorder, page: LogPage, upTo: number, leaves: Buffer): boolean => {
  if ('unreadableEvent' in page) {
    const position = page.unreadableEvent.globalPosition;
    if (position !== undefined && position > upTo) return false;
    recorder.pushUnreadable(position);
    return true;
  }
  for (const [i, event] of page.entries()) {
    if (event.globalPosition > upTo) return false;
    recorder.pushLeaf(leaves.subarray(i * 32, i * 32 + 32), event.globalPosition);
  }
  return true;
};

/** Reads the log in this thread from after `from` up to global position `upTo` (the whole rest by default), leaves hashed in `pool`, into `recorder`. */
const recordInThread = async (store: OpenedStore, recorder: LogTreeRecorder, pool: HashPool, from: number, upTo = Number.POSITIVE_INFINITY): Promise<void> => {
  for await (const page of readLogPages(store.events, store.label, POOLED_PAGE_SIZE, from)) {
    const leaves = 'unreadableEvent' in page ? Buffer.alloc(0) : await pool.leafHashes(page);
    if (!recordPage(recorder, page, upTo, leaves) || recorder.count >= recorder.limit) return;
  }
};

/** Options of `recordLogLeaves`. */
export interface RecordLeavesOptions {
  /** Worker threads (default min(2, cores)); 0 reads and hashes in this thread. */
  readonly threads?: number;
  /** Fewer events than this (in the log, or to record) are read in this thread: workers would cost more than they save (default `RANGED_CATCH_UP_MINIMUM`). */
  readonly minimum?: number;
}

/**
 * Records the first `recorder.limit` events of a store's log (their leaf hashes and positions) in
 * `recorder`, in log order. SQLite and PostgreSQL are read and hashed by worker threads
 * (`leafChunks`, `threads` of them, default min(2, cores)), a range of positions each, up to the
 * log's last position now; a range no worker could hash, and what was appended since, are read here
 * (`readLogPages`, leaves in `pool`). An event the store cannot read back is recorded as
 * unreadable, as one thread does.
 */
export const recordLogLeaves = async (store: OpenedStore, recorder: LogTreeRecorder, pool: HashPool, options: RecordLeavesOptions = {}): Promise<void> => {
  const ranged = rangedLogFor(store);
  const threads = options.threads;
  let from = 0;
  // Where the last position cannot be read, the whole log is read here (which reports the store's failure as one thread does).
  const upTo = ranged === undefined || threads === 0 ? undefined : await ranged.lastPosition().catch(() => undefined);
  if (ranged !== undefined && upTo !== undefined && Math.min(upTo, recorder.limit) >= (options.minimum ?? RANGED_CATCH_UP_MINIMUM)) {
    for await (const chunk of leafChunks(ranged, 0, upTo, threads === undefined ? {} : { threads })) {
      if (chunk.hashed === undefined) await recordInThread(store, recorder, pool, chunk.after, chunk.upTo);
      else for (let i = 0; i < chunk.hashed.count; i++) recorder.pushLeaf(chunk.hashed.leaves.subarray(i * 32, i * 32 + 32), chunk.hashed.positions[i]);
      from = chunk.upTo;
      if (recorder.count >= recorder.limit) return;
    }
  }
  await recordInThread(store, recorder, pool, from);
};
