import type { NewEvent, StreamId } from '../eventStore/eventStore';
import { canonicalJson } from './canonicalJson';
import { sha256Hex } from './sha256Hex';

/** The `previousHash` of the first event of every stream: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** 1 at the code units `0`–`9` and `a`–`f`, 0 elsewhere (indexed by code units up to `f`). */
const LOWER_HEX = new Uint8Array(0x67);
for (const digit of '0123456789abcdef') LOWER_HEX[digit.charCodeAt(0)] = 1;

/** True for a SHA-256 digest written as 64 lower-case hex digits. */
export const isHashHex = (value: unknown): value is string => {
  if (typeof value !== 'string' || value.length !== 64) return false;
  // A table lookup per code unit: about 2.5 times faster than the regex /^[0-9a-f]{64}$/, and this runs twice per verified event.
  for (let i = 0; i < 64; i++) {
    const unit = value.charCodeAt(i);
    if (unit > 0x66 || LOWER_HEX[unit] === 0) return false;
  }
  return true;
};

/**
 * What hash version 1 covered: the hash of the event before it in its stream, where it is (stream
 * and version), what it says (type and data) and the metadata that identifies it. `recordedAt` and
 * any further metadata were left out, so an edit of them went unseen: version 2 (`eventHashV2`)
 * covers them. Events written before version 2 (no `metadata.hashVersion`) still verify under this.
 */
export interface HashedEvent {
  /** The hash of the previous event of the stream (`GENESIS_HASH` for version 1). */
  readonly previousHash: string;
  readonly streamId: StreamId;
  /** 1-based version in the stream. */
  readonly version: number;
  readonly type: string;
  /** The event's data exactly as stored (JSON). */
  readonly data: unknown;
  readonly eventId: string;
  readonly commandId: string;
  readonly schemaVersion: number;
}

/**
 * Hash version 1 of one event (histories written before version 2): SHA-256, as 64 lower-case hex digits, of the UTF-8 bytes of the canonical
 * JSON (`canonicalJson`) of the object `{ commandId, data, eventId, previousHash, schemaVersion,
 * streamId, type, version }`. Throws `NotCanonicalJson` if `data` is not JSON (a programmer error).
 */
export const eventHash = (event: HashedEvent): string =>
  sha256Hex(
    canonicalJson({
      commandId: event.commandId,
      data: event.data,
      eventId: event.eventId,
      previousHash: event.previousHash,
      schemaVersion: event.schemaVersion,
      streamId: event.streamId,
      type: event.type,
      version: event.version,
    }),
  );

/** The hash version written today: version 2 covers everything stored about an event (`eventHashV2`). */
export const HASH_VERSION = 2;

/** What hash version 2 covers: everything stored about an event, all of its metadata included. */
export interface StoredEventContent {
  readonly streamId: StreamId;
  readonly version: number;
  readonly type: string;
  readonly data: unknown;
  /** The metadata as stored; its `hash` (the result) is left out of what is hashed, everything else is in. */
  readonly metadata: { readonly [key: string]: unknown };
}

/**
 * Hash version 2 of an event: SHA-256, as 64 lower-case hex digits, of the UTF-8 bytes of the
 * canonical JSON of `{ data, metadata, streamId, type, version }`, where `metadata` is the stored
 * metadata without its `hash` member: `previousHash`, `hashVersion` (2), `recordedAt`, the ids, the
 * schema version and any further member are all covered. Throws `NotCanonicalJson` if `data` or
 * `metadata` is not JSON (a programmer error).
 */
export const eventHashV2 = (event: StoredEventContent): string => {
  const { hash: _hash, ...covered } = event.metadata;
  return sha256Hex(canonicalJson({ data: event.data, metadata: covered, streamId: event.streamId, type: event.type, version: event.version }));
};

/** The three metadata fields the hash chain adds to every stored event. */
export interface ChainMetadata {
  /** This event's hash (`eventHashV2`). */
  readonly hash: string;
  /** The hash of the previous event of the stream, or `GENESIS_HASH` for the first. */
  readonly previousHash: string;
  /** The hash version (`HASH_VERSION`): histories written before it carry none and verify under version 1 (`eventHash`). */
  readonly hashVersion: typeof HASH_VERSION;
}

/** An event about to be stored at a known place, with all of its metadata: what `chainMetadata` needs. */
export interface EventToChain {
  readonly streamId: StreamId;
  readonly version: number;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: { readonly [key: string]: unknown };
}

/**
 * The chain metadata (`hash`, `previousHash`, `hashVersion`) to store with an event that follows
 * `previousHash` in its stream. The hash covers the event's whole metadata as it will be stored
 * (its own chain fields replaced by these), so `recordedAt` must be decided before: the service
 * does, and every store stores the metadata exactly as given.
 */
export const chainMetadata = (previousHash: string, event: EventToChain): ChainMetadata => {
  const { hash: _hash, previousHash: _previous, hashVersion: _version, ...rest } = event.metadata;
  const metadata = { ...rest, previousHash, hashVersion: HASH_VERSION };
  return { hash: eventHashV2({ streamId: event.streamId, version: event.version, type: event.type, data: event.data, metadata }), previousHash, hashVersion: HASH_VERSION };
};

/** Where a stream's chain stands: its version and the hash of its last event. */
export interface ChainHead {
  readonly streamId: StreamId;
  /** The stream's version (0 when it is empty). */
  readonly version: number;
  /** The hash of event `version` (`GENESIS_HASH` when the stream is empty). */
  readonly hash: string;
}

/**
 * The hash a new event must link to, from the last stored event of its stream (`undefined` for an
 * empty stream): its `metadata.hash`, or `GENESIS_HASH` when there is none (an empty stream, or one
 * written before the chain existed — `verifyChain` reports those events as unchained).
 */
export const headHashOf = (last: { readonly metadata: { readonly [key: string]: unknown } } | undefined): string => {
  const hash = last?.metadata['hash'];
  return isHashHex(hash) ? hash : GENESIS_HASH;
};

/**
 * Adds the chain metadata to events about to be appended to a stream that is at `head.version` with
 * last hash `head.hash`: the first gets version `head.version + 1` and links to `head.hash`, each
 * next one links to the one before. Append them with `expectedVersion: head.version` so that the
 * chain cannot fork.
 */
export const chainNewEvents = (head: ChainHead, events: ReadonlyArray<NewEvent>): ReadonlyArray<NewEvent> => {
  let previousHash = head.hash;
  return events.map((event, index) => {
    const chain = chainMetadata(previousHash, { streamId: head.streamId, version: head.version + index + 1, type: event.type, data: event.data, metadata: event.metadata });
    previousHash = chain.hash;
    return { type: event.type, data: event.data, metadata: { ...event.metadata, ...chain } };
  });
};

/** A stored event as the chain check reads it: its content and its stored metadata. */
export type StoredChainedEvent = StoredEventContent;

/**
 * The chain hash an event's content gives under its own hash version: `eventHashV2` when its
 * metadata says `hashVersion: 2`, else version 1 (`eventHash`) over the fields version 1 covers.
 * What the chain check compares with the stored `hash`. Throws `NotCanonicalJson` when the event
 * cannot be hashed (its data or metadata is not JSON).
 */
export const recomputeChainHash = (event: StoredChainedEvent): string => {
  const metadata = event.metadata;
  if (metadata['hashVersion'] === HASH_VERSION) return eventHashV2(event);
  return eventHash({
    previousHash: metadata['previousHash'] as string,
    streamId: event.streamId,
    version: event.version,
    type: event.type,
    data: event.data,
    eventId: metadata['eventId'] as string,
    commandId: metadata['commandId'] as string,
    schemaVersion: metadata['schemaVersion'] as number,
  });
};
