import { EMPTY_TREE_HASH, nodeHash } from './treeHash';

/** A complete subtree's root, as `SubtreeSource.node(level, index)` names it. */
export interface SubtreeNode {
  readonly level: number;
  readonly index: number;
  readonly hash: Buffer;
}

/**
 * The right edge of an RFC 9162 tree being built one leaf at a time: the roots of its complete
 * subtrees, at most one per level (the binary digits of the size). Appending a leaf costs one hash
 * per level it completes (two on average); the root of the tree so far costs one hash per level.
 * Nothing before is rehashed, so a checkpoint after k new events costs O(k + log n).
 */
export class MerkleFrontier {
  /** `levels[h]` is the root of the complete subtree of 2^h leaves on the edge, when bit h of `size` is set. */
  private readonly levels: Array<Buffer | undefined> = [];
  private count = 0;

  /** Starts from the frontier of a tree of `size` leaves: its complete subtree roots, highest level first (as `nodes()` gives them). */
  static restore(size: number, nodes: ReadonlyArray<Buffer>): MerkleFrontier {
    const frontier = new MerkleFrontier();
    const expected = MerkleFrontier.levelsOf(size);
    if (expected.length !== nodes.length) throw new RangeError(`MerkleFrontier.restore: a tree of ${size} leaves has ${expected.length} edge subtrees, not ${nodes.length}`);
    expected.forEach((level, i) => (frontier.levels[level] = nodes[i]));
    frontier.count = size;
    return frontier;
  }

  /** The levels of the complete subtrees on the edge of a tree of `size` leaves, highest first. */
  static levelsOf(size: number): ReadonlyArray<number> {
    const levels: number[] = [];
    for (let level = 0, rest = size; rest > 0; level++, rest = Math.floor(rest / 2)) if (rest % 2 === 1) levels.unshift(level);
    return levels;
  }

  /** Leaves appended so far. */
  get size(): number {
    return this.count;
  }

  /** Appends a leaf hash; returns the complete subtrees it completes (the leaf itself at level 0 first). */
  push(leaf: Buffer): ReadonlyArray<SubtreeNode> {
    const index = this.count;
    const made: SubtreeNode[] = [{ level: 0, index, hash: leaf }];
    let hash = leaf;
    let level = 0;
    let at = index;
    while (at % 2 === 1) {
      const left = this.levels[level] as Buffer;
      this.levels[level] = undefined;
      hash = nodeHash(left, hash);
      level++;
      at = Math.floor(at / 2);
      made.push({ level, index: at, hash });
    }
    this.levels[level] = hash;
    this.count++;
    return made;
  }

  /** The edge subtrees' roots, highest level first (what `restore` takes back). */
  nodes(): ReadonlyArray<Buffer> {
    return MerkleFrontier.levelsOf(this.count).map((level) => this.levels[level] as Buffer);
  }

  /** The root (MTH) of the tree so far: the edge subtrees folded from the smallest up. */
  root(): Buffer {
    const nodes = this.nodes();
    if (nodes.length === 0) return EMPTY_TREE_HASH;
    let root = nodes[nodes.length - 1] as Buffer;
    for (let i = nodes.length - 2; i >= 0; i--) root = nodeHash(nodes[i] as Buffer, root);
    return root;
  }
}
