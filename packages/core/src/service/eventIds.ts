import * as crypto from 'node:crypto';

/**
 * The fixed uuid namespace of disputekit's deterministic ids. Never change it: stored event ids
 * were derived from it, and a retried command must derive the same ids again.
 */
export const DISPUTEKIT_ID_NAMESPACE = '39f53a4e-d22a-46ff-814a-bd858eb70afd';

const NAMESPACE_BYTES = Buffer.from(DISPUTEKIT_ID_NAMESPACE.replace(/-/g, ''), 'hex');
/** Two lower-case hex digits for each byte value. */
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Node's one-shot digest (`crypto.hash`, Node ≥ 20.12), when this runtime has it. */
const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'buffer') => Buffer }).hash;
const sha1 = (bytes: Uint8Array): Buffer => (oneShot === undefined ? crypto.createHash('sha1').update(bytes).digest() : oneShot('sha1', bytes, 'buffer'));

/**
 * A name-based uuid (version 5, RFC 9562 §5.5) under disputekit's namespace: SHA-1 of the namespace's
 * 16 bytes followed by the name's UTF-8 bytes, truncated to 16 bytes, with the version (5) and variant
 * (10) bits set, written in lower-case 8-4-4-4-12 form. The same ids the `uuid` package's `v5`
 * gives (a property test compares them); computed here with one digest call and no validation of the
 * namespace, which is a constant.
 */
const uuidV5 = (name: string): string => {
  const nameLength = Buffer.byteLength(name, 'utf8');
  const input = Buffer.allocUnsafe(16 + nameLength);
  NAMESPACE_BYTES.copy(input, 0);
  input.write(name, 16, nameLength, 'utf8');
  const h = sha1(input);
  const b6 = (h[6]! & 0x0f) | 0x50;
  const b8 = (h[8]! & 0x3f) | 0x80;
  return (
    `${HEX[h[0]!]}${HEX[h[1]!]}${HEX[h[2]!]}${HEX[h[3]!]}-${HEX[h[4]!]}${HEX[h[5]!]}-${HEX[b6]}${HEX[h[7]!]}-` +
    `${HEX[b8]}${HEX[h[9]!]}-${HEX[h[10]!]}${HEX[h[11]!]}${HEX[h[12]!]}${HEX[h[13]!]}${HEX[h[14]!]}${HEX[h[15]!]}`
  );
};

/**
 * The id of the `index`-th event (0-based) a command emits: uuid v5 of `{commandId}/{index}` under
 * `DISPUTEKIT_ID_NAMESPACE`. The same command always gets the same ids, so a store that keeps event
 * ids unique can never store one command's events twice.
 */
export const eventIdFor = (commandId: string, index: number): string => uuidV5(`${commandId}/${index}`);

/** A deterministic uuid v5 for any other name (the order guard's events use it). */
export const deterministicId = (name: string): string => uuidV5(name);
