import type { RecordedEvent, StreamId } from '../eventStore/eventStore';
import { eventHash, GENESIS_HASH, isHashHex, type ChainHead } from './eventHash';

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

/** Where one stream's check stands. */
interface StreamChain {
  version: number;
  hash: string;
  broken: boolean;
}

const where = (event: EventLocation): string =>
  `${event.streamId}@${event.version}${event.globalPosition === undefined ? '' : ` (global position ${event.globalPosition})`}`;

const short = (hash: string): string => `${hash.slice(0, 12)}…`;

/** Checks one event against the stream's chain so far; returns the problem, if any, and the event's hash. */
const checkLink = (event: ChainedEvent, chain: StreamChain): { readonly problem?: ChainProblem; readonly message?: string } => {
  const metadata = event.metadata;
  const at = where(event);
  if (!isHashHex(metadata['hash']) || !isHashHex(metadata['previousHash'])) {
    return {
      problem: 'MISSING_HASH',
      message: `${at} has no valid hash chain metadata (hash and previousHash as 64 hex digits): it was written without the chain, or the chain fields were removed.`,
    };
  }
  const expected = chain.version + 1;
  if (event.version > expected) {
    const missing = event.version - expected === 1 ? `version ${expected} is` : `versions ${expected}–${event.version - 1} are`;
    return { problem: 'MISSING_EVENTS', message: `${at}: ${missing} missing before it (deleted, or moved later in the log).` };
  }
  if (event.version < expected) {
    return {
      problem: 'OUT_OF_ORDER',
      message: `${at} comes after version ${chain.version}: an event was inserted with a version already taken, or the events were reordered.`,
    };
  }
  if (metadata['previousHash'] !== chain.hash) {
    const before = chain.version === 0 ? 'the genesis hash (64 zeros) that a first event links to' : `the hash of version ${chain.version} (${short(chain.hash)})`;
    return {
      problem: 'BROKEN_LINK',
      message: `${at} links to ${short(metadata['previousHash'])}, not ${before}: the event before it was deleted, replaced or moved, or this one was inserted or moved here.`,
    };
  }
  let recomputed: string;
  try {
    recomputed = eventHash({
      previousHash: metadata['previousHash'],
      streamId: event.streamId,
      version: event.version,
      type: event.type,
      data: event.data,
      eventId: metadata.eventId,
      commandId: metadata.commandId,
      schemaVersion: metadata.schemaVersion,
    });
  } catch (error) {
    return { problem: 'CONTENT_CHANGED', message: `${at} cannot be hashed (${error instanceof Error ? error.message : String(error)}).` };
  }
  if (recomputed !== metadata['hash']) {
    return {
      problem: 'CONTENT_CHANGED',
      message: `${at} does not match its hash: its type, data, event id, command id, schema version, stream or version was edited.`,
    };
  }
  return {};
};

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

/** Creates an incremental chain checker (see `ChainVerifier`). */
export const createChainVerifier = (options: ChainVerifierOptions = {}): ChainVerifier => {
  const chains = new Map<StreamId, StreamChain>();
  const anchors = new Map<StreamId, ChainHead>();
  for (const head of options.heads ?? []) if (head.version > 0) anchors.set(head.streamId, head);
  const breaks: ChainBreak[] = [];
  let events = 0;
  const record = (event: EventLocation, problem: ChainProblem, message: string): ChainBreak => {
    const found: ChainBreak = {
      streamId: event.streamId,
      version: event.version,
      ...(event.globalPosition === undefined ? {} : { globalPosition: event.globalPosition }),
      problem,
      message,
    };
    breaks.push(found);
    return found;
  };
  return {
    push(event) {
      events++;
      let chain = chains.get(event.streamId);
      if (chain === undefined) {
        chain = { version: 0, hash: GENESIS_HASH, broken: false };
        chains.set(event.streamId, chain);
      }
      if (chain.broken) return undefined;
      const { problem, message } = checkLink(event, chain);
      if (problem !== undefined && message !== undefined) {
        chain.broken = true;
        return record(event, problem, message);
      }
      const hash = event.metadata['hash'] as string;
      const anchor = anchors.get(event.streamId);
      if (anchor !== undefined && anchor.version === event.version && anchor.hash !== hash) {
        chain.broken = true;
        return record(
          event,
          'REWRITTEN',
          `${where(event)} hashes to ${short(hash)}, but ${short(anchor.hash)} was recorded for this version earlier: the stream was rewritten and its hashes recomputed.`,
        );
      }
      chain.version = event.version;
      chain.hash = hash;
      return undefined;
    },
    unreadable(location, why) {
      events++;
      let chain = chains.get(location.streamId);
      if (chain === undefined) {
        chain = { version: 0, hash: GENESIS_HASH, broken: false };
        chains.set(location.streamId, chain);
      }
      if (chain.broken) return undefined;
      chain.broken = true;
      return record(location, 'UNREADABLE', `${where(location)} cannot be read back from the store (${why}): the chain cannot be followed past it.`);
    },
    *heads() {
      for (const [streamId, chain] of chains) yield { streamId, version: chain.version, hash: chain.hash };
    },
    result() {
      const all = [...breaks];
      for (const anchor of anchors.values()) {
        const chain = chains.get(anchor.streamId);
        if (chain === undefined) {
          all.push({
            streamId: anchor.streamId,
            version: anchor.version,
            problem: 'TRUNCATED',
            message: `${anchor.streamId} is missing, but its version ${anchor.version} (${short(anchor.hash)}) was recorded earlier: the stream was deleted.`,
          });
        } else if (!chain.broken && chain.version < anchor.version) {
          all.push({
            streamId: anchor.streamId,
            version: chain.version + 1,
            problem: 'TRUNCATED',
            message: `${anchor.streamId} ends at version ${chain.version}, but version ${anchor.version} (${short(anchor.hash)}) was recorded earlier: events were deleted from its end.`,
          });
        }
      }
      const firstBreak = all[0];
      return { ok: all.length === 0, events, streams: chains.size, breaks: all, ...(firstBreak === undefined ? {} : { firstBreak }) };
    },
  };
};

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
