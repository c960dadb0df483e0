/**
 * Internal to the audit module (not exported from the package): the per-stream state of the chain
 * and log verifiers, packed so that a store with millions of streams fits in a small heap.
 */

/** Bytes of a SHA-256 digest. */
const HASH_BYTES = 32;

/** The code units of the lower-case hex digits, by value. */
const HEX_UNITS = Uint8Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

/** The value of a lower-case hex digit, by code unit (up to `f`). */
const HEX_VALUE = new Uint8Array(0x67);
for (let value = 0; value < 16; value++) HEX_VALUE[HEX_UNITS[value]!] = value;

/** The code units of the hash being written out by `StreamTable.hash` (reused: one call at a time). */
const HEX_TEXT: number[] = new Array<number>(2 * HASH_BYTES).fill(0);

const INITIAL_CAPACITY = 1024;

/**
 * Numbers streams 0, 1, 2… in the order they are first seen, and keeps what the verifiers need of
 * each in typed arrays indexed by that slot: its version (the last intact one), its last hash (32
 * bytes, not a 64-character string), whether its chain is broken, and one byte for the log
 * verifier's own use. A stream costs its id, one map entry and 42 bytes, instead of an object, a
 * hash string and an entry in each of several maps. The typed arrays grow by doubling.
 *
 * Hashes are stored as bytes: they must be 64 lower-case hex digits (`isHashHex`), so that the bytes
 * and the text are one-to-one and comparing bytes is comparing text.
 */
export class StreamTable {
  private readonly slots = new Map<string, number>();
  private capacity = INITIAL_CAPACITY;
  private versions = new Float64Array(INITIAL_CAPACITY);
  private hashes = new Uint8Array(INITIAL_CAPACITY * HASH_BYTES);
  private brokenFlags = new Uint8Array(INITIAL_CAPACITY);
  /** One byte per stream for the log verifier (its kind and what it has checked). */
  private tagBytes = new Uint8Array(INITIAL_CAPACITY);

  /** Streams seen. */
  get size(): number {
    return this.slots.size;
  }

  /** The slot of a stream already seen. */
  find(streamId: string): number | undefined {
    return this.slots.get(streamId);
  }

  /** The slot of a stream, added (at version 0, genesis hash, not broken, tag 0) when first seen. */
  slot(streamId: string): number {
    const found = this.slots.get(streamId);
    if (found !== undefined) return found;
    const added = this.slots.size;
    if (added === this.capacity) this.grow();
    this.slots.set(streamId, added);
    return added;
  }

  /** Every stream and its slot, in the order first seen. */
  entries(): IterableIterator<[string, number]> {
    return this.slots.entries();
  }

  version(slot: number): number {
    return this.versions[slot]!;
  }

  broken(slot: number): boolean {
    return this.brokenFlags[slot] === 1;
  }

  markBroken(slot: number): void {
    this.brokenFlags[slot] = 1;
  }

  tag(slot: number): number {
    return this.tagBytes[slot]!;
  }

  setTag(slot: number, tag: number): void {
    this.tagBytes[slot] = tag;
  }

  /** True when the stream's last hash is `hex` (which must be 64 lower-case hex digits). */
  hashIs(slot: number, hex: string): boolean {
    const hashes = this.hashes;
    const base = slot * HASH_BYTES;
    for (let i = 0; i < HASH_BYTES; i++) {
      const byte = hashes[base + i]!;
      if (hex.charCodeAt(2 * i) !== HEX_UNITS[byte >> 4] || hex.charCodeAt(2 * i + 1) !== HEX_UNITS[byte & 15]) return false;
    }
    return true;
  }

  /** Moves the stream's head to `version` with hash `hex` (64 lower-case hex digits). */
  advance(slot: number, version: number, hex: string): void {
    this.versions[slot] = version;
    const hashes = this.hashes;
    const base = slot * HASH_BYTES;
    for (let i = 0; i < HASH_BYTES; i++) hashes[base + i] = (HEX_VALUE[hex.charCodeAt(2 * i)]! << 4) | HEX_VALUE[hex.charCodeAt(2 * i + 1)]!;
  }

  /** The stream's last hash as 64 lower-case hex digits (the genesis hash before its first event). */
  hash(slot: number): string {
    const hashes = this.hashes;
    const base = slot * HASH_BYTES;
    for (let i = 0; i < HASH_BYTES; i++) {
      const byte = hashes[base + i]!;
      HEX_TEXT[2 * i] = HEX_UNITS[byte >> 4]!;
      HEX_TEXT[2 * i + 1] = HEX_UNITS[byte & 15]!;
    }
    // One flat string of 64 characters (appending 32 pieces would build a rope of 32 objects).
    return String.fromCharCode.apply(null, HEX_TEXT);
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const versions = new Float64Array(capacity);
    versions.set(this.versions);
    const hashes = new Uint8Array(capacity * HASH_BYTES);
    hashes.set(this.hashes);
    const brokenFlags = new Uint8Array(capacity);
    brokenFlags.set(this.brokenFlags);
    const tagBytes = new Uint8Array(capacity);
    tagBytes.set(this.tagBytes);
    this.capacity = capacity;
    this.versions = versions;
    this.hashes = hashes;
    this.brokenFlags = brokenFlags;
    this.tagBytes = tagBytes;
  }
}
