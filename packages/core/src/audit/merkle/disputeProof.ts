import * as crypto from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { checkHistory, type Violation } from '../../dispute/invariants';
import { evolve } from '../../dispute/evolve';
import { parseEvent } from '../../dispute/parse';
import { initialState, type DisputeState } from '../../dispute/state';
import { disputeStreamId, type EventStore, type RecordedEvent } from '../../eventStore/eventStore';
import { canonicalJson } from '../canonicalJson';
import { verifyChain, type ChainVerification } from '../verifyChain';
import { checkpointSignatureProblem, type Checkpoint } from './checkpoint';
import { readCheckpoint } from './checkpointFile';
import { eventLeafHash, type LeafEvent } from './logLeaf';
import type { MerkleLog } from './merkleLog';
import { verifyInclusion } from './proofs';
import { exactObject, hexAt, integerAt, StrictJsonError, stringAt } from './strictJson';

/** The format tag of a dispute proof. */
export const DISPUTE_PROOF_FORMAT = 'disputekit-proof/1';

/** One event of a proof: its index in the log, the event as stored, and its inclusion proof (hex hashes, leaf side first). */
export interface ProvenEvent {
  readonly index: number;
  readonly event: LeafEvent;
  readonly path: ReadonlyArray<string>;
}

/** A dispute's events with their inclusion proofs under a signed checkpoint: what an auditor, regulator or buyer receives. */
export interface DisputeProof {
  readonly format: typeof DISPUTE_PROOF_FORMAT;
  readonly checkpoint: Checkpoint;
  readonly disputeId: string;
  readonly events: ReadonlyArray<ProvenEvent>;
}

/** Why a proof cannot be built. */
export class ProofError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProofError';
  }
}

/**
 * Builds the proof of one dispute under a checkpoint: every event of its stream that the
 * checkpoint covers, each with its leaf index and inclusion proof. The tree must be built at least
 * to the checkpoint (`merkleLog.catchUp()`), and its root at the checkpoint's size must be the
 * signed one (else the store's tree or its log changed since: `ProofError`).
 */
export const buildDisputeProof = async (input: {
  readonly events: EventStore;
  readonly log: MerkleLog;
  readonly checkpoint: Checkpoint;
  readonly disputeId: string;
}): Promise<DisputeProof> => {
  const { checkpoint } = input;
  const root = await input.log.rootAt(checkpoint.size).catch((error: unknown) => {
    throw new ProofError(`The store's tree does not reach the checkpoint (${error instanceof Error ? error.message : String(error)}).`);
  });
  if (root.toString('hex') !== checkpoint.rootHash) throw new ProofError(`The store's tree at ${checkpoint.size} events is not the one signed in the checkpoint: the log changed since it was signed (run \`verify --checkpoint\`).`);
  const streamId = disputeStreamId(input.disputeId);
  const read = await input.events.readStream(streamId);
  if (E.isLeft(read)) throw new ProofError(`The dispute ${input.disputeId} cannot be read: ${read.left.message}`);
  const covered: RecordedEvent[] = read.right.filter((event) => event.globalPosition <= checkpoint.lastGlobalPosition);
  if (covered.length === 0) throw new ProofError(`The checkpoint covers no event of dispute ${input.disputeId} (stream ${streamId}).`);
  const events: ProvenEvent[] = [];
  for (const event of covered) {
    const index = await input.log.leafIndexOf(event.globalPosition);
    if (index === undefined || index >= checkpoint.size) throw new ProofError(`${streamId}@${event.version} (global position ${event.globalPosition}) is not in the tree under the checkpoint.`);
    const path = await input.log.inclusionProof(index, checkpoint.size);
    if (!verifyInclusion(index, checkpoint.size, eventLeafHash(event), path, root)) {
      throw new ProofError(`${streamId}@${event.version} (global position ${event.globalPosition}) is not the event signed there: it changed since the checkpoint (run \`verify --checkpoint\`).`);
    }
    events.push({ index, event: { streamId: event.streamId, version: event.version, type: event.type, data: event.data, metadata: event.metadata }, path: path.map((hash) => Buffer.from(hash).toString('hex')) });
  }
  return { format: DISPUTE_PROOF_FORMAT, checkpoint, disputeId: input.disputeId, events };
};

/** A proof file's text: its canonical JSON and a newline, and nothing else (`verifyDisputeProof` accepts only that). */
export const formatDisputeProof = (proof: DisputeProof): string => `${canonicalJson(proof)}\n`;

const readProvenEvent = (value: unknown, path: string): ProvenEvent => {
  const record = exactObject(value, path, ['index', 'event', 'path']);
  const event = exactObject(record['event'], `${path}.event`, ['streamId', 'version', 'type', 'data', 'metadata']);
  const metadata = event['metadata'];
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) throw new StrictJsonError(`${path}.event.metadata`, 'expected an object');
  const hashes = record['path'];
  if (!Array.isArray(hashes)) throw new StrictJsonError(`${path}.path`, 'expected an array of hashes');
  return {
    index: integerAt(record['index'], `${path}.index`),
    event: {
      streamId: stringAt(event['streamId'], `${path}.event.streamId`),
      version: integerAt(event['version'], `${path}.event.version`, 1),
      type: stringAt(event['type'], `${path}.event.type`),
      data: event['data'],
      metadata: metadata as LeafEvent['metadata'],
    },
    path: hashes.map((hash, i) => hexAt(hash, `${path}.path[${i}]`, 64)),
  };
};

/** Reads a proof file's text strictly: it must be exactly the canonical JSON of a proof and a newline. */
export const parseDisputeProof = (bytes: Buffer | string): DisputeProof => {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new StrictJsonError('proof', `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const record = exactObject(value, 'proof', ['format', 'checkpoint', 'disputeId', 'events']);
  if (record['format'] !== DISPUTE_PROOF_FORMAT) throw new StrictJsonError('proof.format', `expected ${JSON.stringify(DISPUTE_PROOF_FORMAT)}`);
  const events = record['events'];
  if (!Array.isArray(events) || events.length === 0) throw new StrictJsonError('proof.events', 'expected a non-empty array');
  const proof: DisputeProof = {
    format: DISPUTE_PROOF_FORMAT,
    checkpoint: readCheckpoint(record['checkpoint'], 'proof.checkpoint'),
    disputeId: stringAt(record['disputeId'], 'proof.disputeId'),
    events: events.map((event, i) => readProvenEvent(event, `proof.events[${i}]`)),
  };
  const exact = Buffer.from(formatDisputeProof(proof), 'utf8');
  if (!exact.equals(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes)) {
    throw new StrictJsonError('proof', 'not in its canonical form (canonical JSON and one newline): it was edited after it was written');
  }
  return proof;
};

/** What checking a dispute proof found. */
export interface DisputeProofVerification {
  /** True when the signature, every inclusion proof, the chain and the process rules hold. */
  readonly holds: boolean;
  /** What does not hold, in words (empty when it holds). */
  readonly problems: ReadonlyArray<string>;
  readonly proof: DisputeProof;
  /** The dispute's state replayed from the proven events (`undefined` when an event does not decode). */
  readonly state: DisputeState | undefined;
  /** `checkHistory`'s findings on the proven events. */
  readonly violations: ReadonlyArray<Violation>;
  /** The hash chain of the proven events. */
  readonly chain: ChainVerification;
}

/**
 * Checks a dispute proof with no store: the checkpoint's signature under `publicKey`, each event's
 * inclusion proof under the signed root, that the events are versions 1…n of the dispute's stream
 * in log order, their hash chain; then replays the dispute (its state) and runs `checkHistory`.
 */
export const verifyDisputeProof = (proof: DisputeProof, publicKey: crypto.KeyObject): DisputeProofVerification => {
  const problems: string[] = [];
  const signature = checkpointSignatureProblem(proof.checkpoint, publicKey);
  if (signature !== undefined) problems.push(signature);
  const root = Buffer.from(proof.checkpoint.rootHash, 'hex');
  const streamId = disputeStreamId(proof.disputeId);
  proof.events.forEach(({ index, event, path }, i) => {
    const where = `${event.streamId}@${event.version} (log event #${index + 1})`;
    if (event.streamId !== streamId) problems.push(`${where} is not an event of dispute ${proof.disputeId}.`);
    if (event.version !== i + 1) problems.push(`${where} should be version ${i + 1}: the dispute's events must be all of them, in order.`);
    if (i > 0 && index <= (proof.events[i - 1]?.index ?? -1)) problems.push(`${where} comes before the event it follows in the log.`);
    let leaf: Buffer;
    try {
      leaf = eventLeafHash(event);
    } catch (error) {
      problems.push(`${where} cannot be hashed (${error instanceof Error ? error.message : String(error)}).`);
      return;
    }
    const hashes = path.map((hash) => Buffer.from(hash, 'hex'));
    if (!verifyInclusion(index, proof.checkpoint.size, leaf, hashes, root)) {
      problems.push(`${where} is not in the signed log: its inclusion proof does not lead to the checkpoint's root (the event or its proof was altered).`);
    }
  });
  const chain = verifyChain(proof.events.map(({ event }) => event));
  for (const found of chain.breaks) problems.push(found.message);
  let state: DisputeState | undefined = initialState;
  const history: Array<{ version: number; event: Parameters<typeof evolve>[1] }> = [];
  for (const { event } of proof.events) {
    const decoded = parseEvent({ type: event.type, data: event.data });
    if (E.isLeft(decoded)) {
      problems.push(`${event.streamId}@${event.version} does not decode: ${decoded.left.message}`);
      state = undefined;
      continue;
    }
    history.push({ version: event.version, event: decoded.right });
    if (state !== undefined) state = evolve(state, decoded.right);
  }
  const violations = checkHistory(history);
  for (const violation of violations) problems.push(`Rule ${violation.rule}: ${violation.message}`);
  return { holds: problems.length === 0, problems, proof, state, violations, chain };
};
