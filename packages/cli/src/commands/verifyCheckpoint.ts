import * as E from 'fp-ts/lib/Either.js';
import { checkpointSignatureProblem, consistencyProof, firstChange, LogTreeRecorder, verifyConsistency, type Checkpoint, type ChainHashedPage, type EventStore, type LeafRecord, type LogChange, type SubtreeSource, type TreeStore } from '@disputekit/core';
import { rootOfLeaves } from '@disputekit/core/internal';
import { safeJson, safeText } from '../render/safeText';
import { CliError, EXIT_FINDINGS, EXIT_OK } from '../cliError';
import type { CommandContext } from '../context';
import { writeLine } from '../io';
import { readCheckpointFile, readPublicKey } from '../keyFiles';
import { createProgress } from '../progress';
import { hashAhead, hashPoolFor, readLogPages, readStreamOrFail, type UnreadableEvent } from '../readLog';
import { renderVerification } from '../render/verifyText';
import { openStore } from '../storeUrl';
import { openTreeStore } from '../treeStore';
import { verifyLog } from '../verifyLog';
import { verificationJson, verifyPageSize } from './verify';

/** Options of `disputekit verify --checkpoint`. */
export interface VerifyCheckpointOptions {
  readonly store: string;
  readonly checkpoint: ReadonlyArray<string>;
  readonly publicKey?: string;
  readonly json?: boolean;
}

/** What one checkpoint check found. */
interface CheckpointVerdict {
  readonly file: string;
  readonly size: number;
  readonly rootHash: string;
  readonly time: string;
  readonly signature: string | undefined;
  readonly holds: boolean;
  /** In words: what differs (absent when it holds). */
  readonly change?: string;
  readonly changeKind?: LogChange['kind'] | 'ROOT_DIFFERS';
}

const short = (hex: string): string => `${hex.slice(0, 16)}…`;

/** A subtree source over leaves held in memory (each node hashed from its leaves: O(n) for a whole proof). */
const leafSource = (leaves: LeafRecord): SubtreeSource => ({
  node: (level, index) => {
    const width = 2 ** level;
    const part: LeafRecord = { hashes: leaves.hashes.subarray(index * width * 32, (index + 1) * width * 32), positions: leaves.positions, count: width };
    return rootOfLeaves(part, width);
  },
});

/** `stream@version Type (global position p)` of the event stored at a global position, for messages. */
const nameAt = async (events: EventStore, position: number | undefined): Promise<string> => {
  if (position === undefined) return 'nothing';
  const read = await events.readAll({ after: position - 1, maxCount: 1 });
  const event = E.isRight(read) ? read.right[0] : undefined;
  return event === undefined || event.globalPosition !== position ? `the event at global position ${position}` : `${event.streamId}@${event.version} ${event.type} (global position ${position})`;
};

const positionsText = (change: LogChange): string => `${(change.missingPositions ?? []).join(', ')}${(change.missingCount ?? 0) > (change.missingPositions?.length ?? 0) ? ', …' : ''}`;

/** One sentence for the first difference between today's log and the signed one. */
const describeChange = async (change: LogChange, events: EventStore, size: number, todayCount: number): Promise<string> => {
  const at = `event #${change.index + 1} of the log`;
  const today = await nameAt(events, change.todayPosition);
  switch (change.kind) {
    case 'EDITED':
      return `${at} was edited after the checkpoint: today it is ${today}, not the event that was signed there.`;
    case 'DELETED':
      return `${change.missingCount} signed event${change.missingCount === 1 ? '' : 's'} at ${at} (global positions ${positionsText(change)}) ${change.missingCount === 1 ? 'is' : 'are'} gone: deleted from the log.`;
    case 'INSERTED':
      return `${change.insertedCount} event${change.insertedCount === 1 ? ' was' : 's were'} inserted at ${at}: ${today} was not in the signed log.`;
    case 'REORDERED':
      return `the log was reordered at ${at}: ${today} was signed at another place, and the event signed here (global position ${change.signedPosition}) comes later today.`;
    case 'REPLACED':
      return `${at} was replaced: the signed event at global position ${change.signedPosition} is gone and ${today} was not signed.`;
    case 'TRUNCATED':
      return `the log holds ${todayCount} events, but the checkpoint covers ${size}: the last ${change.missingCount} signed events (global positions ${positionsText(change)}) were deleted.`;
  }
};

/** The signed leaves from the store's tree tables, when they still hash to the signed root (else they prove nothing). */
const signedLeaves = async (tree: TreeStore, checkpoint: Checkpoint): Promise<LeafRecord | undefined> => {
  const state = await tree.load();
  if (state === undefined || state.size < checkpoint.size) return undefined;
  const hashes = Buffer.concat(await tree.leaves(0, checkpoint.size));
  const record: LeafRecord = { hashes, positions: Float64Array.from(await tree.leafPositions(0, checkpoint.size)), count: checkpoint.size };
  if (hashes.length !== checkpoint.size * 32 || record.positions.length !== checkpoint.size) return undefined;
  return rootOfLeaves(record, checkpoint.size).toString('hex') === checkpoint.rootHash ? record : undefined;
};

/** Checks one checkpoint against the recorded log. */
const checkOne = async (file: string, checkpoint: Checkpoint, problem: string | undefined, recorder: LogTreeRecorder, events: EventStore, tree: TreeStore): Promise<CheckpointVerdict> => {
  const base = { file, size: checkpoint.size, rootHash: checkpoint.rootHash, time: checkpoint.time, signature: problem };
  if (recorder.rootAt(checkpoint.size)?.toString('hex') === checkpoint.rootHash) return { ...base, holds: problem === undefined };
  const signed = await signedLeaves(tree, checkpoint).catch(() => undefined);
  const change = signed === undefined ? undefined : firstChange(recorder.leaves(), signed, checkpoint.size);
  if (change === undefined) {
    return {
      ...base,
      holds: false,
      changeKind: 'ROOT_DIFFERS',
      change: `the first ${checkpoint.size} events of today's log do not give the signed root ${short(checkpoint.rootHash)}${recorder.count < checkpoint.size ? ` (the log holds only ${recorder.count})` : ''}; the store's Merkle tables cannot say which event differs (they are missing or were rewritten too): the findings above show what the chains and rules see.`,
    };
  }
  return { ...base, holds: false, changeKind: change.kind, change: await describeChange(change, events, checkpoint.size, recorder.count) };
};

/**
 * `disputekit verify --checkpoint FILE [--checkpoint FILE2] --public-key PUB.pem`: the whole
 * verification of `verify`, and for each checkpoint its signature and that today's first `size`
 * events still give its root, naming the first event that differs; with two checkpoints, a
 * consistency proof that the newer log extends the older one.
 */
export const verifyCheckpointCommand = async (options: VerifyCheckpointOptions, ctx: CommandContext): Promise<number> => {
  if (options.publicKey === undefined) throw new CliError('verify --checkpoint needs the public key that signed it.', 'Add --public-key PUB.pem (made with `openssl pkey -in key.pem -pubout`).');
  const publicKey = await readPublicKey(options.publicKey);
  const files = options.checkpoint;
  const checkpoints = await Promise.all(files.map((file) => readCheckpointFile(file)));
  const signatures = checkpoints.map((checkpoint) => checkpointSignatureProblem(checkpoint, publicKey));
  const limit = Math.max(...checkpoints.map((checkpoint) => checkpoint.size));
  const recorder = new LogTreeRecorder(limit, checkpoints.map((checkpoint) => checkpoint.size));
  const store = await openStore(options.store, { create: false });
  // Leaf and chain hashes in worker threads, a page ahead of the checks (closed in `finally`).
  const pool = hashPoolFor(store);
  try {
    const tree = await openTreeStore(store, { create: false });
    try {
      const pages = hashAhead(readLogPages(store.events, store.label, verifyPageSize(store, pool)), pool, {
        onLeaves: (page, leaves) => page.forEach((event, i) => recorder.pushLeaf(leaves.subarray(i * 32, i * 32 + 32), event.globalPosition)),
      });
      async function* recorded(): AsyncGenerator<ChainHashedPage | UnreadableEvent> {
        for await (const page of pages) {
          if ('unreadableEvent' in page) recorder.pushUnreadable(page.unreadableEvent.globalPosition);
          yield page;
        }
      }
      const outcome = await verifyLog(
        {
          pages: recorded(),
          readStreams: async (streamIds) => new Map(await Promise.all(streamIds.map(async (id) => [id, await readStreamOrFail(store.events, store.label, id)] as const))),
        },
        { progress: createProgress(ctx.io.stderr, 'verifying') },
      );
      const verdicts: CheckpointVerdict[] = [];
      for (const [i, checkpoint] of checkpoints.entries()) verdicts.push(await checkOne(files[i]!, checkpoint, signatures[i], recorder, store.events, tree));
      const consistency = await checkConsistency(checkpoints, files, recorder, verdicts);
      const holds = verdicts.every((v) => v.holds) && consistency.every((c) => c.consistent) && outcome.verification.clean;
      if (options.json === true) {
        writeLine(ctx.io.stdout, safeJson({ ...verificationJson(outcome, { store: store.label }), checkpoints: verdicts, consistency, clean: holds }, 2));
      } else {
        writeLine(ctx.io.stdout, renderVerification(outcome, ctx.out));
        writeLine(ctx.io.stdout, renderCheckpoints(verdicts, consistency, ctx));
      }
      return holds ? EXIT_OK : EXIT_FINDINGS;
    } finally {
      await tree.close();
    }
  } finally {
    await pool.close();
    await store.close();
  }
};

interface ConsistencyVerdict {
  readonly older: string;
  readonly newer: string;
  readonly consistent: boolean;
  readonly message: string;
}

/** For each pair of checkpoints in size order: is the newer log an extension of the older one (an RFC 9162 consistency proof, built from today's log)? */
const checkConsistency = async (checkpoints: ReadonlyArray<Checkpoint>, files: ReadonlyArray<string>, recorder: LogTreeRecorder, verdicts: ReadonlyArray<CheckpointVerdict>): Promise<ConsistencyVerdict[]> => {
  const order = checkpoints.map((checkpoint, i) => ({ checkpoint, file: files[i]!, verdict: verdicts[i]! })).sort((a, b) => a.checkpoint.size - b.checkpoint.size);
  const results: ConsistencyVerdict[] = [];
  for (let i = 1; i < order.length; i++) {
    const older = order[i - 1]!;
    const newer = order[i]!;
    const reaches = recorder.count >= newer.checkpoint.size;
    const proof = older.checkpoint.size === 0 || !reaches ? [] : await consistencyProof(leafSource(recorder.leaves()), older.checkpoint.size, newer.checkpoint.size);
    const consistent =
      older.checkpoint.size === 0 ||
      (reaches &&
        verifyConsistency(older.checkpoint.size, newer.checkpoint.size, Buffer.from(older.checkpoint.rootHash, 'hex'), Buffer.from(newer.checkpoint.rootHash, 'hex'), proof));
    results.push({
      older: older.file,
      newer: newer.file,
      consistent,
      message: consistent
        ? `${newer.file} (${newer.checkpoint.size} events) extends ${older.file} (${older.checkpoint.size} events): consistency proof of ${proof.length} hashes verified.`
        : `No consistency proof from ${older.file} (${older.checkpoint.size} events) to ${newer.file} (${newer.checkpoint.size} events) holds on today's log: ${newer.verdict.holds ? 'the newer checkpoint signed a log whose first events were changed after the older one' : "today's log no longer gives the newer root"}.`,
    });
  }
  return results;
};

const renderCheckpoints = (verdicts: ReadonlyArray<CheckpointVerdict>, consistency: ReadonlyArray<ConsistencyVerdict>, ctx: CommandContext): string => {
  const s = ctx.out;
  const lines = ['', s.bold('Checkpoints')];
  for (const v of verdicts) {
    const head = `${safeText(v.file)}: ${v.size} events, root ${short(v.rootHash)}, signed ${safeText(v.time)}`;
    if (v.signature !== undefined) lines.push(`${s.red('✘')} ${head}: ${safeText(v.signature)}`);
    if (v.change !== undefined) lines.push(`${s.red('✘')} ${head}: ${safeText(v.change)}`);
    if (v.holds) lines.push(`${s.green('✔')} ${head}: signature valid, and today's first ${v.size} events give its root.`);
  }
  for (const c of consistency) lines.push(`${c.consistent ? s.green('✔') : s.red('✘')} ${safeText(c.message)}`);
  const holds = verdicts.every((v) => v.holds) && consistency.every((c) => c.consistent);
  lines.push('', holds ? s.green('Nothing before the checkpoints was edited, deleted, inserted or reordered.') : s.red('The log is not the one that was signed (exit status 2).'));
  return lines.join('\n');
};
