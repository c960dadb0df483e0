import * as E from 'fp-ts/lib/Either.js';
import type { EventStore, RecordedEvent, StoreError } from '../../eventStore/eventStore';
import { MerkleFrontier, type SubtreeNode } from './frontier';
import { leafHashesOf } from './hashJobs';
import type { HashPool } from './hashPool';
import { defaultLogThreads, leafChunks, type LeafChunk } from './leafChunks';
import type { RangedLog } from './logRanges';
import { eventLeafHash } from './logLeaf';
import { consistencyProof, inclusionProof, subtreeHash, type SubtreeSource } from './proofs';
import { LOWEST_STORED_LEVEL, type TreeGrowth, type TreeState, type TreeStore } from './treeStore';
import { EMPTY_TREE_HASH, rootOfLeafHashes } from './treeHash';

/** The head of the log's tree: how many events it covers, its root, and the global position of its last event. */
export interface TreeHead {
  readonly size: number;
  readonly rootHash: Buffer;
  readonly lastGlobalPosition: number;
}

/** The tree kept in a `TreeStore` no longer matches the events it was built from. */
export class TreeDiverged extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TreeDiverged';
  }
}

/** Thrown when the event store fails while the tree reads the log; carries the typed error. */
export class TreeReadFailed extends Error {
  constructor(readonly error: StoreError) {
    super(error.message);
    this.name = 'TreeReadFailed';
  }
}

/** Options of `createMerkleLog`. */
export interface MerkleLogOptions {
  readonly events: EventStore;
  readonly tree: TreeStore;
  /** Events read (and written to the tree store) per batch (default 1,000; 8,192 with a `hashPool`). */
  readonly batchSize?: number;
  /**
   * Hashes the leaves of each batch in worker threads (`createHashPool`) while the next batch is
   * read: the same tree, on more cores. The caller owns the pool (and closes it).
   */
  readonly hashPool?: HashPool;
  /**
   * The store's log as worker threads read it themselves (`sqliteRangedLog`, `postgresRangedLog`):
   * when the tree is behind by many events (a first build), `threads` workers each read and hash
   * ranges of positions on their own connection and send back only the leaf hashes, which this
   * thread folds into the tree and writes (`leafChunks`). The same tree as one thread builds.
   */
  readonly rangedLog?: RangedLog;
  /** Worker threads for `rangedLog` (default: min(2, cores), 0 on one core); 0 reads and hashes in this thread. */
  readonly threads?: number;
  /** With `rangedLog`, the workers start only when the tree is at least this many events behind (default `RANGED_CATCH_UP_MINIMUM`). */
  readonly rangedMinimum?: number;
}

/** Below this many events behind, `catchUp` reads in this thread (starting workers would cost more). */
export const RANGED_CATCH_UP_MINIMUM = 32_768;

/**
 * The Merkle tree (RFC 9162) over an event store's global log, kept up to date incrementally in a
 * `TreeStore`: `catchUp()` reads only the events after the last one in the tree and adds them
 * (about two hashes an event), so a checkpoint never rehashes the whole log. Before growing, it
 * checks that the tree's last leaf is still the event stored at its position, and refuses
 * (`TreeDiverged`) when it is not: a log cut or rewritten under the tree is never signed over.
 */
export interface MerkleLog {
  /** Adds every event after the tree's last one; returns the head of the tree. */
  catchUp(): Promise<TreeHead>;
  /** The root of the tree of the first `size` leaves (`size` ≤ the tree's size). */
  rootAt(size: number): Promise<Buffer>;
  /** The inclusion proof of leaf `index` in the tree of the first `size` leaves. */
  inclusionProof(index: number, size: number): Promise<ReadonlyArray<Uint8Array>>;
  /** The consistency proof from the first `oldSize` leaves to the first `newSize`. */
  consistencyProof(oldSize: number, newSize: number): Promise<ReadonlyArray<Uint8Array>>;
  /** The leaf index of the event at a global position, if it is in the tree. */
  leafIndexOf(globalPosition: number): Promise<number | undefined>;
}

/** Subtree hashes from a tree store: stored from `LOWEST_STORED_LEVEL` up, folded from the leaves below it. */
const sourceOf = (tree: TreeStore): SubtreeSource => ({
  node: async (level, index) =>
    level >= LOWEST_STORED_LEVEL ? tree.node(level, index) : rootOfLeafHashes(await tree.leaves(index * 2 ** level, (index + 1) * 2 ** level)),
});

/** Checks that the tree's last leaf is still the event at its position. */
const checkLastLeaf = async (events: EventStore, tree: TreeStore, state: TreeState): Promise<void> => {
  if (state.size === 0) return;
  const read = await events.readAll({ after: state.lastGlobalPosition - 1, maxCount: 1 });
  if (E.isLeft(read)) throw new TreeReadFailed(read.left);
  const event = read.right[0];
  const [stored] = await tree.leaves(state.size - 1, state.size);
  if (event === undefined || stored === undefined || event.globalPosition !== state.lastGlobalPosition || !eventLeafHash(event).equals(stored)) {
    throw new TreeDiverged(
      `The tree's last event (leaf ${state.size - 1}, global position ${state.lastGlobalPosition}) is ${event?.globalPosition === state.lastGlobalPosition ? 'no longer the event stored there' : 'no longer in the log'}: the log was changed under the tree. Check it with \`verify --checkpoint\` against your last checkpoint before anything is signed again.`,
    );
  }
};

/** Reads a batch of the log after a global position, or throws `TreeReadFailed`. */
const readBatch = async (events: EventStore, after: number, maxCount: number): Promise<ReadonlyArray<RecordedEvent>> => {
  const page = await events.readAll({ after, maxCount });
  if (E.isLeft(page)) throw new TreeReadFailed(page.left);
  return page.right;
};

/** Adds leaves (32 bytes each in `hashes`, the `i`th at global position `positionAt(i)`) to the frontier; returns their growth of the tree. */
const growthOf = (frontier: MerkleFrontier, count: number, positionAt: (i: number) => number, hashes: Buffer): TreeGrowth => {
  const nodes: SubtreeNode[] = [];
  const leaves: Array<{ index: number; globalPosition: number; hash: Buffer }> = [];
  for (let i = 0; i < count; i++) {
    const hash = hashes.subarray(i * 32, i * 32 + 32);
    leaves.push({ index: frontier.size, globalPosition: positionAt(i), hash });
    for (const node of frontier.push(hash)) if (node.level >= LOWEST_STORED_LEVEL) nodes.push(node);
  }
  const state = { size: frontier.size, lastGlobalPosition: positionAt(count - 1), frontier: frontier.nodes() };
  return { nodes, leaves, state };
};

/** A batch of events' growth of the tree. */
const batchGrowth = (frontier: MerkleFrontier, batch: ReadonlyArray<RecordedEvent>, hashes: Buffer): TreeGrowth =>
  growthOf(frontier, batch.length, (i) => (batch[i] as RecordedEvent).globalPosition, hashes);

/** A chunk no worker hashed: its events read and hashed here, as one thread does (a store failure is thrown alike). */
const readChunk = async (events: EventStore, chunk: LeafChunk): Promise<ReadonlyArray<RecordedEvent>> =>
  (await readBatch(events, chunk.after, chunk.upTo - chunk.after)).filter((event) => event.globalPosition <= chunk.upTo);

/**
 * The first part of a long catch-up in worker threads (`leafChunks`): every event up to the log's
 * last position now, hashed by workers reading the store themselves, folded and written here one
 * chunk at a time. Returns the state after it (the caller reads on from there, for what was
 * appended meanwhile). Nothing is done when the tree is less than `rangedMinimum` behind.
 */
const catchUpInRanges = async (events: EventStore, tree: TreeStore, frontier: MerkleFrontier, from: TreeState, ranged: RangedLog, options: MerkleLogOptions): Promise<TreeState> => {
  const threads = options.threads ?? defaultLogThreads();
  // Where the last position cannot be read, this thread reads the log (and reports the store's failure as one thread does).
  const upTo = threads <= 0 ? undefined : await ranged.lastPosition().catch(() => undefined);
  if (upTo === undefined || upTo - from.lastGlobalPosition < (options.rangedMinimum ?? RANGED_CATCH_UP_MINIMUM)) return from;
  let state = from;
  for await (const chunk of leafChunks(ranged, from.lastGlobalPosition, upTo, { threads })) {
    let growth: TreeGrowth | undefined;
    if (chunk.hashed !== undefined) {
      const { count, positions, leaves } = chunk.hashed;
      if (count > 0) growth = growthOf(frontier, count, (i) => positions[i] as number, leaves);
    } else {
      const batch = await readChunk(events, chunk);
      if (batch.length > 0) growth = batchGrowth(frontier, batch, leafHashesOf(batch));
    }
    if (growth === undefined) continue;
    await tree.grow(growth);
    state = growth.state;
  }
  return state;
};

/**
 * `MerkleLog.catchUp`: adds every event after the tree's last one, a batch at a time. With a
 * ranged log, a long way behind, workers read and hash first (`catchUpInRanges`); with a pool, the
 * next batch is read while the workers hash this one.
 */
const catchUp = async (events: EventStore, tree: TreeStore, batchSize: number, options: MerkleLogOptions): Promise<TreeHead> => {
  const pool = options.hashPool;
  let state: TreeState = (await tree.load()) ?? { size: 0, lastGlobalPosition: 0, frontier: [] };
  await checkLastLeaf(events, tree, state);
  const frontier = MerkleFrontier.restore(state.size, state.frontier);
  if (options.rangedLog !== undefined) state = await catchUpInRanges(events, tree, frontier, state, options.rangedLog, options);
  let next: Promise<ReadonlyArray<RecordedEvent>> | undefined = readBatch(events, state.lastGlobalPosition, batchSize);
  while (next !== undefined) {
    const batch: ReadonlyArray<RecordedEvent> = await next;
    if (batch.length === 0) break;
    const hashing = pool === undefined ? Promise.resolve(leafHashesOf(batch)) : pool.leafHashes(batch);
    next = batch.length < batchSize ? undefined : readBatch(events, batch[batch.length - 1]!.globalPosition, batchSize);
    // A failed read of the next batch is thrown when it is awaited, after this batch is written.
    next?.catch(() => undefined);
    const growth = batchGrowth(frontier, batch, await hashing);
    state = growth.state;
    await tree.grow(growth);
  }
  return { size: state.size, rootHash: frontier.root(), lastGlobalPosition: state.lastGlobalPosition };
};

/** Creates the Merkle log over `options.events`, kept in `options.tree` (see `MerkleLog`). */
export const createMerkleLog = (options: MerkleLogOptions): MerkleLog => {
  const { events, tree } = options;
  const batchSize = options.batchSize ?? (options.hashPool === undefined ? 1_000 : 8_192);
  const source = sourceOf(tree);
  const sizeNow = async (): Promise<number> => (await tree.load())?.size ?? 0;
  return {
    catchUp: () => catchUp(events, tree, batchSize, options),
    async rootAt(size) {
      const built = await sizeNow();
      if (!Number.isSafeInteger(size) || size < 0 || size > built) throw new RangeError(`The tree holds ${built} events, not ${size}.`);
      return size === 0 ? EMPTY_TREE_HASH : Buffer.from(await subtreeHash(source, 0, size));
    },
    async inclusionProof(index, size) {
      const built = await sizeNow();
      if (size > built) throw new RangeError(`The tree holds ${built} events, not ${size}.`);
      return inclusionProof(source, index, size);
    },
    async consistencyProof(oldSize, newSize) {
      const built = await sizeNow();
      if (newSize > built) throw new RangeError(`The tree holds ${built} events, not ${newSize}.`);
      return consistencyProof(source, oldSize, newSize);
    },
    leafIndexOf: (globalPosition) => tree.leafIndexOf(globalPosition),
  };
};
