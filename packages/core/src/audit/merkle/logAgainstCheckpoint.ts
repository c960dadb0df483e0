import { MerkleFrontier } from './frontier';
import { eventLeafHash, type LeafEvent } from './logLeaf';

/** What a checkpoint check keeps of today's log: the first `limit` events' leaf hashes and global positions. */
export interface LeafRecord {
  /** Leaf hashes, 32 bytes each, in log order. */
  readonly hashes: Buffer;
  /** Global positions, in log order. */
  readonly positions: Float64Array;
  /** How many leaves were recorded. */
  readonly count: number;
}

/**
 * Recomputes the tree of today's log as its events are pushed in order, up to `limit` events (the
 * largest checkpoint's size): its root at every size asked for, and every leaf (32 bytes and a
 * position per event) to find the first one that differs. Later events are ignored.
 */
export class LogTreeRecorder {
  private readonly frontier = new MerkleFrontier();
  /** Grown as events come (doubling), so that a checkpoint claiming a huge size costs nothing until the log is that long. */
  private hashes = Buffer.alloc(0);
  private positions = new Float64Array(0);
  private readonly roots = new Map<number, Buffer>();

  constructor(
    /** How many events are recorded (the largest checkpoint's size); later ones are ignored. */
    readonly limit: number,
    private readonly rootSizes: ReadonlyArray<number>,
  ) {
    if (rootSizes.includes(0)) this.roots.set(0, this.frontier.root());
  }

  /** Makes room for leaf `index`. */
  private room(index: number): void {
    if (index < this.positions.length) return;
    const capacity = Math.min(this.limit, Math.max(1024, this.positions.length * 2));
    const hashes = Buffer.alloc(capacity * 32);
    this.hashes.copy(hashes);
    const positions = new Float64Array(capacity);
    positions.set(this.positions);
    this.hashes = hashes;
    this.positions = positions;
  }

  /** Adds the next event of the log (ignored past `limit`). */
  push(event: LeafEvent & { readonly globalPosition?: number }): void {
    if (this.frontier.size >= this.limit) return;
    this.pushLeaf(eventLeafHash(event), event.globalPosition);
  }

  /** Adds the next event of the log by its leaf hash (`eventLeafHash`, computed elsewhere: a `HashPool`); ignored past `limit`. */
  pushLeaf(leaf: Buffer, globalPosition: number | undefined): void {
    const index = this.frontier.size;
    if (index >= this.limit) return;
    this.room(index);
    leaf.copy(this.hashes, index * 32);
    this.positions[index] = globalPosition ?? 0;
    this.frontier.push(leaf);
    if (this.rootSizes.includes(index + 1)) this.roots.set(index + 1, this.frontier.root());
  }

  /** Records an event that cannot be read: its leaf is unknown, so it is taken as 32 zero bytes (it differs from whatever was signed). */
  pushUnreadable(globalPosition: number | undefined): void {
    this.pushLeaf(Buffer.alloc(32), globalPosition);
  }

  /** The root of today's first `size` events, or `undefined` when the log holds fewer. */
  rootAt(size: number): Buffer | undefined {
    return this.roots.get(size);
  }

  /** Events pushed (up to `limit`). */
  get count(): number {
    return this.frontier.size;
  }

  /** The leaves recorded. */
  leaves(): LeafRecord {
    return { hashes: this.hashes, positions: this.positions, count: this.frontier.size };
  }
}

/** How today's log differs from the signed one, at the first leaf that differs. */
export type LogChangeKind = 'EDITED' | 'DELETED' | 'INSERTED' | 'REORDERED' | 'REPLACED' | 'TRUNCATED';

/** The first difference between today's log and the signed one. */
export interface LogChange {
  readonly kind: LogChangeKind;
  /** The 0-based index in the log of the first event that differs (`#index + 1` counting from 1). */
  readonly index: number;
  /** The global position of the signed event there. */
  readonly signedPosition: number;
  /** The global position of today's event there (absent when the log ends before). */
  readonly todayPosition?: number;
  /** For DELETED and TRUNCATED: the global positions of the signed events that are gone (up to 20). */
  readonly missingPositions?: ReadonlyArray<number>;
  /** For DELETED and TRUNCATED: how many signed events are gone. */
  readonly missingCount?: number;
  /** For INSERTED: how many events today were not signed. */
  readonly insertedCount?: number;
}

const hashAt = (hashes: Buffer, index: number): Buffer => hashes.subarray(index * 32, index * 32 + 32);

/** The index ≥ from (within a window) where `hashes` holds `leaf`, or -1. */
const findLeaf = (hashes: Buffer, count: number, leaf: Buffer, from: number, window = 100_000): number => {
  const end = Math.min(count, from + window);
  for (let j = from; j < end; j++) if (hashAt(hashes, j).equals(leaf)) return j;
  return -1;
};

/**
 * Finds the first event where today's leaves differ from the signed ones (`signed`: leaves that
 * were checked to hash to the signed root), and says what happened there: edited in place, signed
 * events deleted, events inserted, events moved, replaced, or the log cut short. `undefined` when
 * the first `size` leaves are the same.
 */
export const firstChange = (today: LeafRecord, signed: LeafRecord, size: number): LogChange | undefined => {
  let i = 0;
  const common = Math.min(today.count, size);
  while (i < common && hashAt(today.hashes, i).equals(hashAt(signed.hashes, i))) i++;
  if (i === size) return undefined;
  const signedPosition = signed.positions[i] as number;
  const gone = (from: number, to: number) => ({
    missingPositions: Array.from(signed.positions.subarray(from, Math.min(to, from + 20))),
    missingCount: to - from,
  });
  if (i === today.count) return { kind: 'TRUNCATED', index: i, signedPosition, ...gone(i, size) };
  const todayPosition = today.positions[i] as number;
  const todayLeaf = hashAt(today.hashes, i);
  const signedLeaf = hashAt(signed.hashes, i);
  const todayLaterInSigned = findLeaf(signed.hashes, size, todayLeaf, i + 1);
  const signedLaterInToday = findLeaf(today.hashes, today.count, signedLeaf, i + 1);
  if (todayLaterInSigned >= 0 && signedLaterInToday < 0) return { kind: 'DELETED', index: i, signedPosition, todayPosition, ...gone(i, todayLaterInSigned) };
  if (signedLaterInToday >= 0 && todayLaterInSigned < 0) return { kind: 'INSERTED', index: i, signedPosition, todayPosition, insertedCount: signedLaterInToday - i };
  if (signedLaterInToday >= 0 && todayLaterInSigned >= 0) return { kind: 'REORDERED', index: i, signedPosition, todayPosition };
  return { kind: todayPosition === signedPosition ? 'EDITED' : 'REPLACED', index: i, signedPosition, todayPosition };
};

/** The root of a list of leaves (`LeafRecord`), first `size` of them, recomputed incrementally. */
export const rootOfLeaves = (leaves: LeafRecord, size: number): Buffer => {
  const frontier = new MerkleFrontier();
  for (let i = 0; i < size; i++) frontier.push(Buffer.from(hashAt(leaves.hashes, i)));
  return frontier.root();
};
