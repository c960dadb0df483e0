import * as crypto from 'node:crypto';
import { canonicalJson } from '../canonicalJson';
import type { TreeHead } from './merkleLog';

/** The format tag of a checkpoint. */
export const CHECKPOINT_FORMAT = 'disputekit-checkpoint/1';

/**
 * A signed tree head of the global log: its id, how many events it covers, the root of their tree,
 * the global position of the last one, when it was signed, which key signed it and the Ed25519
 * signature over the canonical JSON of all of these (`checkpointSignedText`).
 */
export interface Checkpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  /** What log this is (a name chosen by who runs it, e.g. `disputes-prod`). */
  readonly logId: string;
  /** Events covered: the first `size` events of the global log. */
  readonly size: number;
  /** The RFC 9162 root of their tree, 64 lower-case hex digits. */
  readonly rootHash: string;
  /** The global position of the last event covered (0 when `size` is 0). */
  readonly lastGlobalPosition: number;
  /** When it was signed (ISO-8601). */
  readonly time: string;
  /** SHA-256 of the signing key's public key (SPKI DER), 64 hex digits: which key to check it with. */
  readonly keyId: string;
  /** The Ed25519 signature, 128 lower-case hex digits. */
  readonly signature: string;
}

/** A problem with a key or a checkpoint, in words that name what is wrong. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

/** The exact bytes that are signed: the canonical JSON of the checkpoint without its signature. */
export const checkpointSignedText = (checkpoint: Omit<Checkpoint, 'signature'>): string => {
  const { signature: _signature, ...body } = checkpoint as Checkpoint;
  return canonicalJson(body);
};

/** Reads an Ed25519 private key in PEM (`openssl genpkey -algorithm ed25519`). */
export const ed25519PrivateKey = (pem: string | Buffer): crypto.KeyObject => {
  let key: crypto.KeyObject;
  try {
    key = crypto.createPrivateKey(pem);
  } catch (error) {
    throw new CheckpointError(`The private key is not a PEM private key (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new CheckpointError(`The private key is ${key.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519 (make one with \`openssl genpkey -algorithm ed25519\`).`);
  return key;
};

/** Reads an Ed25519 public key in PEM (`openssl pkey -pubout`); a private key gives its public half. */
export const ed25519PublicKey = (pem: string | Buffer): crypto.KeyObject => {
  let key: crypto.KeyObject;
  try {
    key = crypto.createPublicKey(pem);
  } catch (error) {
    throw new CheckpointError(`The public key is not a PEM key (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new CheckpointError(`The public key is ${key.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519 (make it with \`openssl pkey -pubout\`).`);
  return key;
};

/** The id of a public key: SHA-256 of its SPKI DER encoding, as 64 hex digits. */
export const keyIdOf = (publicKey: crypto.KeyObject): string =>
  crypto.createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');

/** Signs the head of a log's tree: a `Checkpoint`. */
export const signCheckpoint = (input: { readonly logId: string; readonly head: TreeHead; readonly time: Date; readonly privateKey: crypto.KeyObject }): Checkpoint => {
  const body: Omit<Checkpoint, 'signature'> = {
    format: CHECKPOINT_FORMAT,
    logId: input.logId,
    size: input.head.size,
    rootHash: input.head.rootHash.toString('hex'),
    lastGlobalPosition: input.head.lastGlobalPosition,
    time: input.time.toISOString(),
    keyId: keyIdOf(crypto.createPublicKey(input.privateKey)),
  };
  const signature = crypto.sign(null, Buffer.from(checkpointSignedText(body), 'utf8'), input.privateKey).toString('hex');
  return { ...body, signature };
};

/** Why a checkpoint's signature does not hold, or `undefined` when it does (checked with `publicKey`). */
export const checkpointSignatureProblem = (checkpoint: Checkpoint, publicKey: crypto.KeyObject): string | undefined => {
  const keyId = keyIdOf(publicKey);
  if (checkpoint.keyId !== keyId) return `The checkpoint was signed with key ${checkpoint.keyId.slice(0, 16)}…, not with the public key given (${keyId.slice(0, 16)}…).`;
  const valid = crypto.verify(null, Buffer.from(checkpointSignedText(checkpoint), 'utf8'), publicKey, Buffer.from(checkpoint.signature, 'hex'));
  return valid ? undefined : 'The checkpoint signature does not hold: the checkpoint was altered after it was signed, or signed by another key.';
};
