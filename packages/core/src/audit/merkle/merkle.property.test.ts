import * as crypto from 'node:crypto';
import fc from 'fast-check';
import { runsFor } from '../../testing/internal/fullRuns';
import { MerkleFrontier } from './frontier';
import { consistencyProof, inclusionProof, subtreeHash, verifyConsistency, verifyInclusion, type SubtreeSource } from './proofs';
import { EMPTY_TREE_HASH, leafHash, nodeHash, rootOfLeafHashes } from './treeHash';

const RUNS = runsFor(150, 2_000);

/** Leaf hashes of `n` distinct leaves. */
const leavesOf = (n: number, seed: number): Buffer[] => Array.from({ length: n }, (_, i) => leafHash(`leaf ${seed}/${i}`));

/** A subtree source that hashes straight from the leaves with the RFC's recursive MTH. */
const sourceOf = (leaves: ReadonlyArray<Buffer>): SubtreeSource => ({
  node: (level, index) => rootOfLeafHashes(leaves.slice(index * 2 ** level, (index + 1) * 2 ** level)),
});

/** Flips one bit of one hash of a list (a copy). */
const flip = (hashes: ReadonlyArray<Uint8Array>, which: number, bit: number): Uint8Array[] =>
  hashes.map((hash, i) => {
    if (i !== which) return hash;
    const copy = Buffer.from(hash);
    copy[Math.floor(bit / 8) % copy.length]! ^= 1 << bit % 8;
    return copy;
  });

const sizeAndIndex = fc.integer({ min: 1, max: 300 }).chain((n) => fc.tuple(fc.constant(n), fc.nat(n - 1), fc.nat(10_000)));

describe('RFC 9162 hashing', () => {
  it('hashes leaves and nodes with distinct one-byte prefixes (the RFC test vector for the empty tree, a leaf, a node)', () => {
    expect(EMPTY_TREE_HASH.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(leafHash(Buffer.alloc(0)).toString('hex')).toBe(crypto.createHash('sha256').update(Buffer.from([0])).digest('hex'));
    const [a, b] = [leafHash('a'), leafHash('b')];
    expect(nodeHash(a, b).toString('hex')).toBe(crypto.createHash('sha256').update(Buffer.concat([Buffer.from([1]), a, b])).digest('hex'));
    expect(leafHash(Buffer.concat([a, b]))).not.toEqual(nodeHash(a, b));
    // Text is hashed as its UTF-8 bytes, whichever path computes it.
    expect(leafHash('café 😀')).toEqual(crypto.createHash('sha256').update(Buffer.concat([Buffer.from([0]), Buffer.from('café 😀', 'utf8')])).digest());
  });

  it('splits a tree that is not a power of two as the RFC does: MTH of 3 leaves is H(H(l0, l1), l2)', () => {
    const leaves = leavesOf(3, 1);
    expect(rootOfLeafHashes(leaves)).toEqual(nodeHash(nodeHash(leaves[0]!, leaves[1]!), leaves[2]!));
  });

  it('the incremental frontier gives the same root as the recursive definition, at every size', () => {
    const leaves = leavesOf(200, 2);
    const frontier = new MerkleFrontier();
    leaves.forEach((leaf, i) => {
      frontier.push(leaf);
      expect(frontier.root()).toEqual(rootOfLeafHashes(leaves.slice(0, i + 1)));
    });
    const restored = MerkleFrontier.restore(frontier.size, frontier.nodes());
    restored.push(leafHash('one more'));
    expect(restored.root()).toEqual(rootOfLeafHashes([...leaves, leafHash('one more')]));
  });

  it('the nodes the frontier completes are the subtree hashes proofs ask for', async () => {
    const leaves = leavesOf(77, 3);
    const frontier = new MerkleFrontier();
    const stored = new Map<string, Buffer>();
    for (const leaf of leaves) for (const node of frontier.push(leaf)) stored.set(`${node.level}/${node.index}`, node.hash);
    const source: SubtreeSource = { node: (level, index) => stored.get(`${level}/${index}`)! };
    expect(await subtreeHash(source, 0, 77)).toEqual(rootOfLeafHashes(leaves));
    expect(await subtreeHash(source, 64, 77)).toEqual(rootOfLeafHashes(leaves.slice(64)));
  });
});

describe('inclusion proofs', () => {
  it('every inclusion proof verifies, and any changed bit, wrong index, leaf or root fails', async () => {
    await fc.assert(
      fc.asyncProperty(sizeAndIndex, async ([n, m, bit]) => {
        const leaves = leavesOf(n, n);
        const root = rootOfLeafHashes(leaves);
        const path = await inclusionProof(sourceOf(leaves), m, n);
        expect(verifyInclusion(m, n, leaves[m]!, path, root)).toBe(true);
        expect(verifyInclusion(m, n, flip([leaves[m]!], 0, bit)[0]!, path, root)).toBe(false);
        expect(verifyInclusion(m, n, leaves[m]!, path, flip([root], 0, bit)[0]!)).toBe(false);
        if (path.length > 0) expect(verifyInclusion(m, n, leaves[m]!, flip(path, bit % path.length, bit), root)).toBe(false);
        if (n > 1) expect(verifyInclusion((m + 1) % n, n, leaves[m]!, path, root)).toBe(false);
        expect(verifyInclusion(m, n, leaves[m]!, [...path, leaves[0]!], root)).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses to build a proof for a leaf outside the tree, and never verifies one', async () => {
    await expect(inclusionProof(sourceOf(leavesOf(3, 0)), 3, 3)).rejects.toThrow(RangeError);
    expect(verifyInclusion(3, 3, leafHash('x'), [], leafHash('x'))).toBe(false);
    expect(verifyInclusion(0, 1, leafHash('x'), [], leafHash('x'))).toBe(true);
  });
});

describe('consistency proofs', () => {
  const sizes = fc.integer({ min: 1, max: 300 }).chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n), fc.nat(10_000)));

  it('every consistency proof between m ≤ n verifies, and any changed bit of a root or of the proof fails', async () => {
    await fc.assert(
      fc.asyncProperty(sizes, async ([m, n, bit]) => {
        const leaves = leavesOf(n, m * 1000 + n);
        const oldRoot = rootOfLeafHashes(leaves.slice(0, m));
        const newRoot = rootOfLeafHashes(leaves);
        const proof = await consistencyProof(sourceOf(leaves), m, n);
        expect(verifyConsistency(m, n, oldRoot, newRoot, proof)).toBe(true);
        expect(verifyConsistency(m, n, flip([oldRoot], 0, bit)[0]!, newRoot, proof)).toBe(false);
        expect(verifyConsistency(m, n, oldRoot, flip([newRoot], 0, bit)[0]!, proof)).toBe(false);
        if (proof.length > 0) expect(verifyConsistency(m, n, oldRoot, newRoot, flip(proof, bit % proof.length, bit))).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('a log whose first m leaves changed has no consistency proof with the old root', async () => {
    await fc.assert(
      fc.asyncProperty(sizes, async ([m, n]) => {
        const leaves = leavesOf(n, 7);
        const oldRoot = rootOfLeafHashes(leaves.slice(0, m));
        const forged = leaves.map((leaf, i) => (i === m - 1 ? leafHash('forged') : leaf));
        const proof = await consistencyProof(sourceOf(forged), m, n);
        expect(verifyConsistency(m, n, oldRoot, rootOfLeafHashes(forged), proof)).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('equal sizes need equal roots and an empty proof; size 0 has no proof to check', async () => {
    const leaves = leavesOf(5, 9);
    const root = rootOfLeafHashes(leaves);
    expect(await consistencyProof(sourceOf(leaves), 5, 5)).toEqual([]);
    expect(verifyConsistency(5, 5, root, root, [])).toBe(true);
    expect(verifyConsistency(5, 5, root, leaves[0]!, [])).toBe(false);
    expect(verifyConsistency(5, 5, root, root, [root])).toBe(false);
    expect(verifyConsistency(0, 5, root, root, [])).toBe(false);
    expect(verifyConsistency(3, 5, root, root, [])).toBe(false);
    await expect(consistencyProof(sourceOf(leaves), 6, 5)).rejects.toThrow(RangeError);
  });
});
