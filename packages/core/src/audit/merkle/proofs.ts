import { isPowerOfTwo, nodeHash, splitPoint } from './treeHash';

/**
 * RFC 9162 inclusion and consistency proofs (sections 2.1.3 and 2.1.4), built from any source of
 * subtree hashes and verified with the RFC's own algorithms.
 */

/**
 * Where the hashes of complete subtrees come from: `node(level, index)` is the root of the complete
 * subtree of 2^level leaves that starts at leaf `index * 2^level` (level 0: the leaf hashes). In an
 * RFC 9162 tree every complete subtree is aligned like this, so any subtree hash is built from these.
 */
export interface SubtreeSource {
  node(level: number, index: number): Promise<Uint8Array> | Uint8Array;
}

/** The hash of the leaves `[start, end)`, a subtree of an RFC 9162 tree (start is a multiple of the largest power of two ≤ end − start). */
export const subtreeHash = async (source: SubtreeSource, start: number, end: number): Promise<Uint8Array> => {
  const size = end - start;
  if (size < 1) throw new RangeError(`subtreeHash: empty range [${start}, ${end})`);
  let level = 0;
  while (2 ** (level + 1) <= size) level++;
  if (2 ** level === size && start % size === 0) return source.node(level, start / size);
  const k = splitPoint(size);
  return nodeHash(await subtreeHash(source, start, start + k), await subtreeHash(source, start + k, end));
};

/** The inclusion proof (audit path) of leaf `index` in the tree of the first `size` leaves: PATH(m, D[n]). */
export const inclusionProof = async (source: SubtreeSource, index: number, size: number): Promise<ReadonlyArray<Uint8Array>> => {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) {
    throw new RangeError(`inclusionProof: leaf ${index} is not in a tree of ${size} leaves`);
  }
  const path: Uint8Array[] = [];
  let start = 0;
  let end = size;
  const siblings: Array<[number, number]> = [];
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      siblings.push([start + k, end]);
      end = start + k;
    } else {
      siblings.push([start, start + k]);
      start += k;
    }
  }
  // PATH lists the siblings from the leaf up.
  for (const [from, to] of siblings.reverse()) path.push(await subtreeHash(source, from, to));
  return path;
};

/** The consistency proof between the tree of the first `oldSize` leaves and that of the first `newSize`: PROOF(m, D[n]). */
export const consistencyProof = async (source: SubtreeSource, oldSize: number, newSize: number): Promise<ReadonlyArray<Uint8Array>> => {
  if (!(Number.isSafeInteger(oldSize) && Number.isSafeInteger(newSize) && oldSize >= 0 && oldSize <= newSize)) {
    throw new RangeError(`consistencyProof: no proof from ${oldSize} to ${newSize} leaves`);
  }
  if (oldSize === 0 || oldSize === newSize) return [];
  const proof: Uint8Array[] = [];
  // SUBPROOF(m, D[start:end], b), unrolled: the hashes are collected leaf-side first.
  const ranges: Array<[number, number]> = [];
  let m = oldSize;
  let start = 0;
  let end = newSize;
  let whole = true;
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      ranges.push([start + k, end]);
      end = start + k;
    } else {
      ranges.push([start, start + k]);
      start += k;
      m -= k;
      whole = false;
    }
  }
  if (!whole) ranges.push([start, end]);
  for (const [from, to] of ranges.reverse()) proof.push(await subtreeHash(source, from, to));
  return proof;
};

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && Buffer.compare(a, b) === 0;
const odd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

/** Verifies an inclusion proof (RFC 9162, 2.1.3.2): leaf `index` with hash `leaf` is in the tree of `size` leaves whose root is `root`. */
export const verifyInclusion = (index: number, size: number, leaf: Uint8Array, path: ReadonlyArray<Uint8Array>, root: Uint8Array): boolean => {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(r, root);
};

/**
 * Verifies a consistency proof (RFC 9162, 2.1.4.2): the tree of `newSize` leaves with root
 * `newRoot` extends the tree of `oldSize` leaves with root `oldRoot` (it holds the same first
 * `oldSize` leaves). Equal sizes need an empty proof and equal roots.
 */
export const verifyConsistency = (
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: ReadonlyArray<Uint8Array>,
): boolean => {
  if (!(Number.isSafeInteger(oldSize) && Number.isSafeInteger(newSize) && oldSize >= 1 && oldSize <= newSize)) return false;
  if (oldSize === newSize) return proof.length === 0 && equalBytes(oldRoot, newRoot);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Uint8Array = path[0] as Uint8Array;
  let sr: Uint8Array = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return equalBytes(fr, oldRoot) && equalBytes(sr, newRoot) && sn === 0;
};
