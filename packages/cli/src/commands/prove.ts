import { writeFile } from 'node:fs/promises';
import { buildDisputeProof, createMerkleLog, formatDisputeProof, ProofError, TreeDiverged, TreeReadFailed } from '@disputekit/core';
import { safeText } from '../render/safeText';
import { CliError, EXIT_OK } from '../cliError';
import type { CommandContext } from '../context';
import { readCheckpointFile } from '../keyFiles';
import { storeFailure } from '../storeErrors';
import { openStore } from '../storeUrl';
import { openTreeStore } from '../treeStore';

/** Options of `disputekit prove`. */
export interface ProveCommandOptions {
  readonly store: string;
  readonly checkpoint: string;
  readonly out?: string;
}

/**
 * `disputekit prove DISPUTE_ID`: writes the dispute's events with their inclusion proofs under a
 * checkpoint (to `--out`, a new file, or stdout): what `verify-proof` checks with no store.
 */
export const proveCommand = async (disputeId: string, options: ProveCommandOptions, ctx: CommandContext): Promise<number> => {
  const checkpoint = await readCheckpointFile(options.checkpoint);
  const store = await openStore(options.store, { create: false });
  try {
    const tree = await openTreeStore(store);
    try {
      const log = createMerkleLog({ events: store.events, tree });
      const state = await tree.load();
      // The tree may lag the checkpoint (another process signed it, or an EventStoreDB tree kept in memory): bring it up.
      if ((state?.size ?? 0) < checkpoint.size) await log.catchUp();
      const proof = await buildDisputeProof({ events: store.events, log, checkpoint, disputeId });
      const text = formatDisputeProof(proof);
      if (options.out === undefined) ctx.io.stdout.write(text);
      else {
        try {
          await writeFile(options.out, text, { flag: 'wx' });
        } catch (error) {
          throw new CliError(`Cannot write the proof ${options.out}: ${error instanceof Error ? error.message : String(error)}`, 'Name a new file.');
        }
        ctx.io.stderr.write(`Wrote the proof of ${proof.events.length} events of dispute ${safeText(disputeId)} under a checkpoint of ${checkpoint.size} events to ${safeText(options.out)}.\n`);
      }
      return EXIT_OK;
    } catch (error) {
      if (error instanceof ProofError || error instanceof TreeDiverged) throw new CliError(error.message, 'Check the store with `disputekit verify --checkpoint` first.');
      if (error instanceof TreeReadFailed) throw storeFailure(error.error, store.label);
      throw error;
    } finally {
      await tree.close();
    }
  } finally {
    await store.close();
  }
};
