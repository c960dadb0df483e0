import * as crypto from 'node:crypto';

/**
 * RFC 9162 (Certificate Transparency 2.0), section 2.1.1: the hashes of a Merkle tree over a log.
 * SHA-256 from node:crypto; nothing here is hand-written cryptography.
 */

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** The hash of the empty tree: SHA-256 of no bytes. */
export const EMPTY_TREE_HASH: Buffer = crypto.createHash('sha256').digest();

/** Node's one-shot digest (`crypto.hash`, Node ≥ 20.12), when this runtime has it: no Hash object per call. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'buffer') => Buffer }).hash;

/** A leaf's hash: SHA-256(0x00 || leaf). `leaf` is bytes, or text hashed as its UTF-8 bytes. */
export const leafHash = (leaf: Uint8Array | string): Buffer => {
  // U+0000 is the single byte 0x00 in UTF-8, so the prefixed text hashes exactly 0x00 || leaf.
  if (typeof leaf === 'string' && oneShot !== undefined) return oneShot('sha256', `\u0000${leaf}`, 'buffer');
  const hash = crypto.createHash('sha256').update(LEAF_PREFIX);
  return (typeof leaf === 'string' ? hash.update(leaf, 'utf8') : hash.update(leaf)).digest();
};

/** An inner node's hash: SHA-256(0x01 || left || right). */
export const nodeHash = (left: Uint8Array, right: Uint8Array): Buffer =>
  oneShot === undefined
    ? crypto.createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest()
    : oneShot('sha256', Buffer.concat([NODE_PREFIX, left, right]), 'buffer');

/** The largest power of two strictly below `n` (n ≥ 2): where RFC 9162 splits a tree of `n` leaves. */
export const splitPoint = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

/** True when `n` is 1, 2, 4, 8, … */
export const isPowerOfTwo = (n: number): boolean => {
  if (!Number.isSafeInteger(n) || n < 1) return false;
  let rest = n;
  while (rest % 2 === 0) rest /= 2;
  return rest === 1;
};

/** The Merkle Tree Hash (MTH) of a list of leaf hashes, straight from the RFC's recursive definition (for tests and small lists). */
export const rootOfLeafHashes = (leaves: ReadonlyArray<Uint8Array>): Buffer => {
  if (leaves.length === 0) return EMPTY_TREE_HASH;
  if (leaves.length === 1) return Buffer.from(leaves[0] as Uint8Array);
  const k = splitPoint(leaves.length);
  return nodeHash(rootOfLeafHashes(leaves.slice(0, k)), rootOfLeafHashes(leaves.slice(k)));
};
