import type { RecordedEvent, StreamId } from '../eventStore/eventStore';
import type { ChainHead } from './eventHash';
import { createSlottedChainVerifier } from './slottedChainVerifier';
import { StreamTable } from './streamTable';

/**
 * What is wrong at a broken link of a hash chain:
 * - `MISSING_HASH`: the event has no valid `metadata.hash` or `metadata.previousHash` (written
 *   without the chain, or the chain fields were removed or mangled);
 * - `MISSING_EVENTS`: versions are skipped before this event (events were deleted, or moved later in the log);
 * - `OUT_OF_ORDER`: this version was already seen, or comes after a later one (an event was inserted
 *   with a taken version, or events were reordered);
 * - `BROKEN_LINK`: the event's `previousHash` is not the hash of the event stored before it (the event
 *   before it was deleted, replaced or moved, or this one was inserted or moved here);
 * - `CONTENT_CHANGED`: the event's content does not hash to its `metadata.hash` (its type, data,
 *   event id, command id, schema version, stream or version was edited);
 * - `REWRITTEN`: the chain holds together, but the event's hash is not the one recorded earlier for
 *   that version (`heads` option): the stream was rewritten and its hashes recomputed;
 * - `TRUNCATED`: a head recorded earlier is no longer there (events were deleted from the end of the
 *   stream, or the whole stream was deleted);
 * - `UNREADABLE`: the store cannot even read the event back (its JSON is broken, its columns
 *   disagree): the chain cannot be followed past it.
 */
export type ChainProblem =
  | 'MISSING_HASH'
  | 'MISSING_EVENTS'
  | 'OUT_OF_ORDER'
  | 'BROKEN_LINK'
  | 'CONTENT_CHANGED'
  | 'REWRITTEN'
  | 'TRUNCATED'
  | 'UNREADABLE';

/** Where a stored event is, when the event itself cannot be read. */
export interface EventLocation {
  readonly streamId: StreamId;
  readonly version: number;
  readonly globalPosition?: number;
}

/** The first broken link of one stream's chain: where it is and what is wrong, in words. */
export interface ChainBreak {
  readonly streamId: StreamId;
  /** The version of the event at which the chain breaks (as stored). */
  readonly version: number;
  readonly globalPosition?: number;
  readonly problem: ChainProblem;
  /** One sentence naming the stream, the version and what is wrong. */
  readonly message: string;
}

/** The result of checking chains: every stream's first broken link, the first of all, and the heads reached. */
export interface ChainVerification {
  /** True when no link is broken. */
  readonly ok: boolean;
  /** Events checked. */
  readonly events: number;
  /** Streams seen. */
  readonly streams: number;
  /** The first broken link of each broken stream, in the order they were found. */
  readonly breaks: ReadonlyArray<ChainBreak>;
  /** The first broken link found (the first of `breaks`), if any. */
  readonly firstBreak?: ChainBreak;
}

/** What the chain check needs of a stored event. */
export type ChainedEvent = Pick<RecordedEvent, 'streamId' | 'version' | 'type' | 'data' | 'metadata'> & { readonly globalPosition?: number };

/**
 * Checks hash chains incrementally, one event at a time, in any interleaving of streams (the global
 * log, or one stream in version order), keeping only each stream's version and last hash. After a
 * stream's first broken link its later events are not checked (they would only repeat the break).
 */
export interface ChainVerifier {
  /** Checks the next event; returns the break it found, if this event is its stream's first broken link. */
  push(event: ChainedEvent): ChainBreak | undefined;
  /** Records that the event at `location` cannot be read (`UNREADABLE`): its stream's chain breaks there. */
  unreadable(location: EventLocation, why: string): ChainBreak | undefined;
  /** Where every stream stands so far (broken streams included, at their last intact event). */
  heads(): IterableIterator<ChainHead>;
  /** The verdict so far; with `heads`, the heads not reached yet count as `TRUNCATED`. */
  result(): ChainVerification;
}

/** Options of `createChainVerifier`. */
export interface ChainVerifierOptions {
  /**
   * Heads recorded earlier and kept outside the store (for example the output of
   * `disputekit verify --save-heads`). Each must still be there, with the same hash: this catches
   * events deleted from the end of a stream, deleted streams, and streams rewritten with
   * recomputed hashes, which a chain alone cannot show.
   */
  readonly heads?: Iterable<ChainHead>;
}

/**
 * Creates an incremental chain checker (see `ChainVerifier`). Per stream it keeps the stream id, a
 * map entry and a few dozen bytes (version, last hash as bytes, broken or not).
 */
export const createChainVerifier = (options: ChainVerifierOptions = {}): ChainVerifier => createSlottedChainVerifier(new StreamTable(), options);

/**
 * Verifies the hash chains of stored events (one stream in version order, or the global log): finds
 * any edited, deleted, inserted or reordered event, and names the first broken link of each stream
 * (stream, version and what is wrong). Deleting a stream's last events leaves a shorter chain that is
 * still valid: pass heads recorded earlier (`options.heads`) to catch that.
 */
export const verifyChain = (events: Iterable<ChainedEvent>, options: ChainVerifierOptions = {}): ChainVerification => {
  const verifier = createChainVerifier(options);
  for (const event of events) verifier.push(event);
  return verifier.result();
};
