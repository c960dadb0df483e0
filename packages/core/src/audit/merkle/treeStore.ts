import type { SubtreeNode } from './frontier';

/** How far the tree is built: its size, the global position of its last leaf, and its right edge. */
export interface TreeState {
  /** Leaves (events) in the tree. */
  readonly size: number;
  /** The global position of the last event in the tree (0 when empty). */
  readonly lastGlobalPosition: number;
  /** The roots of the complete subtrees on the right edge, highest level first (`MerkleFrontier.nodes()`). */
  readonly frontier: ReadonlyArray<Buffer>;
}

/**
 * The lowest level of inner nodes a tree store keeps: nodes of 16 leaves and up. Below it, a subtree
 * hash is folded from its (at most 8) leaves when a proof needs it; the store writes about 1.07 rows
 * an event instead of 3.
 */
export const LOWEST_STORED_LEVEL = 4;

/** One batch of the tree's growth, written all at once. */
export interface TreeGrowth {
  /** The complete subtrees made, of level `LOWEST_STORED_LEVEL` and up. */
  readonly nodes: ReadonlyArray<SubtreeNode>;
  /** Each new leaf: its index, the global position of its event, and its hash. */
  readonly leaves: ReadonlyArray<{ readonly index: number; readonly globalPosition: number; readonly hash: Buffer }>;
  /** The state after the batch. */
  readonly state: TreeState;
}

/**
 * Where the log's Merkle tree is kept between checkpoints: every complete subtree's hash (for
 * proofs), each leaf's global position, and the state (size and right edge) to grow from. It is a
 * cache derived from the events, never trusted: checking a checkpoint recomputes the tree from the
 * events, and a proof built from a wrong cache fails. SQLite and PostgreSQL keep it in their own
 * tables beside the events; memory and EventStoreDB keep it in memory (rebuilt from the events on
 * each run). Operations reject when the store fails.
 */
export interface TreeStore {
  /** The state, or `undefined` when no tree was built yet. */
  load(): Promise<TreeState | undefined>;
  /** Writes a batch (nodes, leaves and the new state) atomically. */
  grow(growth: TreeGrowth): Promise<void>;
  /** The hash of the complete subtree `(level, index)`, level ≥ `LOWEST_STORED_LEVEL`; rejects when it is not stored. */
  node(level: number, index: number): Promise<Buffer>;
  /** The leaf hashes `[from, to)`, in order; rejects when one is not stored. */
  leaves(from: number, to: number): Promise<ReadonlyArray<Buffer>>;
  /** The global positions of the leaves `[from, to)`, in order. */
  leafPositions(from: number, to: number): Promise<ReadonlyArray<number>>;
  /** The leaf index of the event at a global position, if it is in the tree. */
  leafIndexOf(globalPosition: number): Promise<number | undefined>;
  /** Forgets the whole tree (to rebuild it). */
  clear(): Promise<void>;
  close(): Promise<void>;
}

const key = (level: number, index: number): string => `${level}/${index}`;

/** A `TreeStore` in memory: for the memory store, EventStoreDB (rebuilt from the events on each run) and tests. */
export const createInMemoryTreeStore = (): TreeStore => {
  let state: TreeState | undefined;
  let nodes = new Map<string, Buffer>();
  let hashes: Buffer[] = [];
  let positions: number[] = [];
  let indexOf = new Map<number, number>();
  const missing = (level: number, index: number): Error => new RangeError(`The tree has no subtree (${level}, ${index}): it is not built that far.`);
  return {
    load: async () => state,
    grow: async (growth) => {
      for (const node of growth.nodes) nodes.set(key(node.level, node.index), node.hash);
      for (const leaf of growth.leaves) {
        hashes[leaf.index] = leaf.hash;
        positions[leaf.index] = leaf.globalPosition;
        indexOf.set(leaf.globalPosition, leaf.index);
      }
      state = growth.state;
    },
    node: async (level, index) => {
      const hash = nodes.get(key(level, index));
      if (hash === undefined) throw missing(level, index);
      return hash;
    },
    leaves: async (from, to) =>
      Array.from({ length: Math.max(0, to - from) }, (_, i) => {
        const hash = hashes[from + i];
        if (hash === undefined) throw missing(0, from + i);
        return hash;
      }),
    leafPositions: async (from, to) => positions.slice(from, to),
    leafIndexOf: async (globalPosition) => indexOf.get(globalPosition),
    clear: async () => {
      state = undefined;
      nodes = new Map();
      hashes = [];
      positions = [];
      indexOf = new Map();
    },
    close: async () => undefined,
  };
};
