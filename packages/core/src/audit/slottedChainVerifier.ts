/**
 * Internal to the audit module (not exported from the package): the chain verifier over a
 * `StreamTable`, which `createChainVerifier` wraps and the log verifier shares (one map entry per
 * stream for both).
 */
import { HASH_VERSION, isHashHex, recomputeChainHash, type ChainHead } from './eventHash';
import type { StreamTable } from './streamTable';
import type { ChainBreak, ChainedEvent, ChainProblem, ChainVerifier, ChainVerifierOptions, EventLocation } from './verifyChain';

const where = (event: EventLocation): string =>
  `${event.streamId}@${event.version}${event.globalPosition === undefined ? '' : ` (global position ${event.globalPosition})`}`;

const short = (hash: string): string => `${hash.slice(0, 12)}…`;

/** Checks one event against its stream's chain so far (the stream at `slot` of `table`); returns the problem, if any. */
const checkLink = (event: ChainedEvent, table: StreamTable, slot: number, chainHash: string | undefined): { readonly problem?: ChainProblem; readonly message?: string } => {
  const metadata = event.metadata;
  const at = where(event);
  if (!isHashHex(metadata['hash']) || !isHashHex(metadata['previousHash'])) {
    return {
      problem: 'MISSING_HASH',
      message: `${at} has no valid hash chain metadata (hash and previousHash as 64 hex digits): it was written without the chain, or the chain fields were removed.`,
    };
  }
  const version = table.version(slot);
  const expected = version + 1;
  if (event.version > expected) {
    const missing = event.version - expected === 1 ? `version ${expected} is` : `versions ${expected}–${event.version - 1} are`;
    return { problem: 'MISSING_EVENTS', message: `${at}: ${missing} missing before it (deleted, or moved later in the log).` };
  }
  if (event.version < expected) {
    return {
      problem: 'OUT_OF_ORDER',
      message: `${at} comes after version ${version}: an event was inserted with a version already taken, or the events were reordered.`,
    };
  }
  // Both are 64 lower-case hex digits here, so comparing with the stored bytes is comparing the text.
  if (!table.hashIs(slot, metadata['previousHash'])) {
    const before = version === 0 ? 'the genesis hash (64 zeros) that a first event links to' : `the hash of version ${version} (${short(table.hash(slot))})`;
    return {
      problem: 'BROKEN_LINK',
      message: `${at} links to ${short(metadata['previousHash'])}, not ${before}: the event before it was deleted, replaced or moved, or this one was inserted or moved here.`,
    };
  }
  const hashVersion = metadata['hashVersion'];
  if (hashVersion !== undefined && hashVersion !== HASH_VERSION) {
    return { problem: 'CONTENT_CHANGED', message: `${at} has hash version ${JSON.stringify(hashVersion)}, which is not one this verifier knows (1, written without hashVersion, or ${HASH_VERSION}).` };
  }
  let recomputed: string;
  try {
    recomputed = chainHash ?? recomputeChainHash(event);
  } catch (error) {
    return { problem: 'CONTENT_CHANGED', message: `${at} cannot be hashed (${error instanceof Error ? error.message : String(error)}).` };
  }
  if (recomputed !== metadata['hash']) {
    return {
      problem: 'CONTENT_CHANGED',
      message:
        hashVersion === HASH_VERSION
          ? `${at} does not match its hash: its type, data, metadata (recordedAt included), stream or version was edited.`
          : `${at} does not match its hash: its type, data, event id, command id, schema version, stream or version was edited.`,
    };
  }
  return {};
};

/** A `ChainVerifier` whose streams are slots of a `StreamTable`, for a caller that keeps its own bytes per stream in that table. */
export interface SlottedChainVerifier extends ChainVerifier {
  /**
   * `push`, for an event whose stream is at `slot` of the table (`table.slot(event.streamId)`).
   * `chainHash`: what `recomputeChainHash` gives for this very event, computed already (where it was
   * read): compared instead of hashing again.
   */
  pushAt(slot: number, event: ChainedEvent, chainHash?: string): ChainBreak | undefined;
  /** `unreadable`, for a location whose stream is at `slot` of the table. */
  unreadableAt(slot: number, location: EventLocation, why: string): ChainBreak | undefined;
}

/** Creates a chain verifier (see `ChainVerifier`) that keeps each stream's chain in `table`. */
export const createSlottedChainVerifier = (table: StreamTable, options: ChainVerifierOptions = {}): SlottedChainVerifier => {
  const anchors = new Map<string, ChainHead>();
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
  const pushAt = (slot: number, event: ChainedEvent, chainHash?: string): ChainBreak | undefined => {
    events++;
    if (table.broken(slot)) return undefined;
    const { problem, message } = checkLink(event, table, slot, chainHash);
    if (problem !== undefined && message !== undefined) {
      table.markBroken(slot);
      return record(event, problem, message);
    }
    const hash = event.metadata['hash'] as string;
    if (anchors.size > 0) {
      const anchor = anchors.get(event.streamId);
      if (anchor !== undefined && anchor.version === event.version && anchor.hash !== hash) {
        table.markBroken(slot);
        return record(
          event,
          'REWRITTEN',
          `${where(event)} hashes to ${short(hash)}, but ${short(anchor.hash)} was recorded for this version earlier: the stream was rewritten and its hashes recomputed.`,
        );
      }
    }
    table.advance(slot, event.version, hash);
    return undefined;
  };
  const unreadableAt = (slot: number, location: EventLocation, why: string): ChainBreak | undefined => {
    events++;
    if (table.broken(slot)) return undefined;
    table.markBroken(slot);
    return record(location, 'UNREADABLE', `${where(location)} cannot be read back from the store (${why}): the chain cannot be followed past it.`);
  };
  return {
    pushAt,
    unreadableAt,
    push: (event) => pushAt(table.slot(event.streamId), event),
    unreadable: (location, why) => unreadableAt(table.slot(location.streamId), location, why),
    *heads() {
      for (const [streamId, slot] of table.entries()) yield { streamId, version: table.version(slot), hash: table.hash(slot) };
    },
    result() {
      const all = [...breaks];
      for (const anchor of anchors.values()) {
        const slot = table.find(anchor.streamId);
        if (slot === undefined) {
          all.push({
            streamId: anchor.streamId,
            version: anchor.version,
            problem: 'TRUNCATED',
            message: `${anchor.streamId} is missing, but its version ${anchor.version} (${short(anchor.hash)}) was recorded earlier: the stream was deleted.`,
          });
        } else if (!table.broken(slot) && table.version(slot) < anchor.version) {
          const version = table.version(slot);
          all.push({
            streamId: anchor.streamId,
            version: version + 1,
            problem: 'TRUNCATED',
            message: `${anchor.streamId} ends at version ${version}, but version ${anchor.version} (${short(anchor.hash)}) was recorded earlier: events were deleted from its end.`,
          });
        }
      }
      const firstBreak = all[0];
      return { ok: all.length === 0, events, streams: table.size, breaks: all, ...(firstBreak === undefined ? {} : { firstBreak }) };
    },
  };
};
