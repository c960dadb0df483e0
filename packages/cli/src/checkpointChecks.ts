import type * as crypto from 'node:crypto';
import { checkpointSignatureProblem, eventLeafHash, inclusionProof, keyIdOf, nodeHash, LogTreeRecorder, verifyInclusion, type Checkpoint, type DisputeProofVerification, type LeafRecord, type RecordedEvent, type SubtreeSource } from '@disputekit/core';
import { rootOfLeaves } from '@disputekit/core/internal';
import { CliError } from './cliError';
import type { IntegrityCheck } from './html/disputePage';
import { readCheckpointFile, readPublicKey } from './keyFiles';
import { hashPoolFor, recordLogLeaves } from './readLog';
import type { OpenedStore } from './storeUrl';
import { openTreeStore } from './treeStore';

const short = (hex: string): string => `${hex.slice(0, 16)}…`;

/**
 * A subtree source over leaves held in memory, each node hashed once from its two children and
 * kept: the first proof costs one pass over the leaves, later ones a few lookups.
 */
const memoSource = (leaves: LeafRecord): SubtreeSource => {
  const levels: Array<Array<Buffer | undefined>> = [];
  const node = (level: number, index: number): Buffer => {
    if (level === 0) return leaves.hashes.subarray(index * 32, (index + 1) * 32);
    const row = (levels[level] ??= []);
    return (row[index] ??= nodeHash(node(level - 1, 2 * index), node(level - 1, 2 * index + 1)));
  };
  return { node };
};

/** One memoised source per leaf record (the console asks for many disputes over the same leaves). */
const sources = new WeakMap<LeafRecord, SubtreeSource>();
const sourceOf = (leaves: LeafRecord): SubtreeSource => {
  let source = sources.get(leaves);
  if (source === undefined) sources.set(leaves, (source = memoSource(leaves)));
  return source;
};

/** The signed leaves from the store's Merkle tables, when they hash to the signed root (else they prove nothing). */
export const treeLeaves = async (store: OpenedStore, checkpoint: Checkpoint): Promise<LeafRecord | undefined> => {
  const tree = await openTreeStore(store, { create: false });
  try {
    const state = await tree.load().catch(() => undefined);
    if (state === undefined || state.size < checkpoint.size) return undefined;
    const hashes = Buffer.concat(await tree.leaves(0, checkpoint.size));
    const record: LeafRecord = { hashes, positions: Float64Array.from(await tree.leafPositions(0, checkpoint.size)), count: checkpoint.size };
    return hashes.length === checkpoint.size * 32 && rootOfLeaves(record, checkpoint.size).toString('hex') === checkpoint.rootHash ? record : undefined;
  } finally {
    await tree.close();
  }
};

/** Today's first `size` events of the log: whether they give the signed root, and their leaves. */
export const todayAgainstCheckpoint = async (store: OpenedStore, checkpoint: Checkpoint): Promise<{ readonly holds: boolean; readonly count: number; readonly leaves: LeafRecord }> => {
  const recorder = new LogTreeRecorder(checkpoint.size, [checkpoint.size]);
  const pool = hashPoolFor(store);
  try {
    // SQLite and PostgreSQL: worker threads read and hash ranges of the log themselves (recordLogLeaves).
    await recordLogLeaves(store, recorder, pool);
  } finally {
    await pool.close();
  }
  return { holds: recorder.rootAt(checkpoint.size)?.toString('hex') === checkpoint.rootHash, count: recorder.count, leaves: recorder.leaves() };
};

/** The signed leaves: from the store's Merkle tables when they hash to the signed root, else today's log when it gives that root; `undefined` when neither. */
export const signedLeaves = async (store: OpenedStore, checkpoint: Checkpoint): Promise<LeafRecord | undefined> => {
  const fromTree = await treeLeaves(store, checkpoint);
  if (fromTree !== undefined) return fromTree;
  const today = await todayAgainstCheckpoint(store, checkpoint);
  return today.holds ? today.leaves : undefined;
};

/** The leaf index of a global position in the signed leaves (positions increase), or -1. */
const indexOf = (leaves: LeafRecord, size: number, position: number): number => {
  let low = 0;
  let high = size - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const at = leaves.positions[middle]!;
    if (at === position) return middle;
    if (at < position) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
};

/** Each event of the dispute checked by an inclusion proof under the signed root: the problems, and how many were covered and after. */
const inclusionOf = async (events: ReadonlyArray<RecordedEvent>, leaves: LeafRecord, checkpoint: Checkpoint) => {
  const root = Buffer.from(checkpoint.rootHash, 'hex');
  const last = checkpoint.size === 0 ? -Infinity : leaves.positions[checkpoint.size - 1]!;
  const problems: string[] = [];
  let covered = 0;
  for (const event of events) {
    if (event.globalPosition > last) continue;
    covered += 1;
    const where = `event v${event.version} ${event.type} (global position ${event.globalPosition})`;
    const index = indexOf(leaves, checkpoint.size, event.globalPosition);
    if (index < 0) {
      problems.push(`${where} is not in the signed log: it was inserted after the checkpoint`);
      continue;
    }
    const path = await inclusionProof(sourceOf(leaves), index, checkpoint.size);
    if (!verifyInclusion(index, checkpoint.size, eventLeafHash(event), path, root)) problems.push(`${where} was changed after the checkpoint: its inclusion proof does not lead to the signed root`);
  }
  return { problems, covered, after: events.length - covered };
};

/** A checkpoint as given on the command line: the file, what it holds, and the key to check it with. */
export interface GivenCheckpoint {
  readonly file: string;
  readonly checkpoint: Checkpoint;
  readonly publicKey: crypto.KeyObject;
}

/** Reads `--checkpoint` and `--public-key` (before any store opens, so a bad file changes nothing); `undefined` without `--checkpoint`. */
export const readGivenCheckpoint = async (command: string, options: { readonly checkpoint?: string; readonly publicKey?: string }): Promise<GivenCheckpoint | undefined> => {
  if (options.checkpoint === undefined) return undefined;
  if (options.publicKey === undefined) throw new CliError(`${command} --checkpoint needs the public key that signed it.`, 'Add --public-key PUB.pem (made with `openssl pkey -in key.pem -pubout`).');
  return { file: options.checkpoint, checkpoint: await readCheckpointFile(options.checkpoint), publicKey: await readPublicKey(options.publicKey) };
};

/** How a checkpoint is named in the report: its file, size, root and time. */
const checkpointName = ({ file, checkpoint }: GivenCheckpoint): string =>
  `checkpoint ${file} (${checkpoint.size} events, root ${short(checkpoint.rootHash)}, signed ${checkpoint.time})`;

/** The checkpoint's signature as an integrity check. */
export const signatureCheck = (given: GivenCheckpoint): IntegrityCheck => {
  const problem = checkpointSignatureProblem(given.checkpoint, given.publicKey);
  return { name: `${checkpointName(given)}: signature`, ok: problem === undefined, detail: problem ?? `valid, by the key ${short(keyIdOf(given.publicKey))}` };
};

/**
 * The integrity checks for one dispute against a signed checkpoint, given the signed leaves
 * (`signedLeaves`; `undefined` when they cannot be had): the signature, and each of the dispute's
 * events the checkpoint covers proven included under the signed root by an inclusion proof.
 */
export const disputeChecksWith = async (events: ReadonlyArray<RecordedEvent>, leaves: LeafRecord | undefined, given: GivenCheckpoint): Promise<IntegrityCheck[]> => {
  const name = `${checkpointName(given)}: this dispute's events`;
  if (leaves === undefined) {
    const detail = "not provable: today's log does not give the signed root, and the store's Merkle tables do not hold the signed tree. Run `disputekit verify --checkpoint` to find what changed.";
    return [signatureCheck(given), { name, ok: false, detail }];
  }
  const { problems, covered, after } = await inclusionOf(events, leaves, given.checkpoint);
  const later = after === 0 ? '' : ` (${after} later event${after === 1 ? '' : 's'} came after the checkpoint and ${after === 1 ? 'is' : 'are'} not covered)`;
  const detail =
    problems.length === 0 ? `all ${covered} covered event${covered === 1 ? ' is' : 's are'} in the signed log, each by an inclusion proof to the signed root${later}` : `${problems.join('; ')}${later}`;
  return [signatureCheck(given), { name, ok: problems.length === 0, detail }];
};

/**
 * The report's integrity checks for one dispute against a signed checkpoint: the signature, and
 * the dispute's events proven included under the signed root (leaves from the store's Merkle
 * tables, or today's log when the tables are missing). Opens nothing for writing.
 */
export const disputeCheckpointChecks = async (store: OpenedStore, events: ReadonlyArray<RecordedEvent>, given: GivenCheckpoint): Promise<IntegrityCheck[]> =>
  disputeChecksWith(events, await signedLeaves(store, given.checkpoint), given);

/** The report's integrity check for a dispute proof (`verify-proof --html`): the verdict and, when it fails, what failed. */
export const proofCheck = (verification: DisputeProofVerification, file: string): IntegrityCheck => {
  const { proof } = verification;
  const name = `proof ${file} under checkpoint of ${proof.checkpoint.size} events of log ${proof.checkpoint.logId}, signed ${proof.checkpoint.time}`;
  return verification.holds
    ? { name, ok: true, detail: `signature valid; all ${proof.events.length} events are in the signed log (each inclusion proof leads to root ${short(proof.checkpoint.rootHash)})` }
    : { name, ok: false, detail: `does not hold: ${verification.problems.join('; ')}` };
};
