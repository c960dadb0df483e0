import { createMerkleLog, signCheckpoint, TreeDiverged, TreeReadFailed, formatCheckpoint } from '@disputekit/core';
import { safeText } from '../render/safeText';
import { CliError, EXIT_OK } from '../cliError';
import type { CommandContext } from '../context';
import { readPrivateKey, writeCheckpointFile } from '../keyFiles';
import { storeFailure } from '../storeErrors';
import { hashPoolFor, rangedLogFor } from '../readLog';
import { openStore } from '../storeUrl';
import { openTreeStore } from '../treeStore';

/** Options of `disputekit checkpoint`. */
export interface CheckpointCommandOptions {
  readonly store: string;
  readonly key: string;
  readonly out?: string;
  readonly logId?: string;
}

/**
 * `disputekit checkpoint`: brings the store's Merkle tree up to date (only the events added since
 * the last run are hashed) and writes a signed tree head: log id, size, root, last global position,
 * time and the Ed25519 signature. To `--out` (a new file) or stdout.
 */
export const checkpointCommand = async (options: CheckpointCommandOptions, ctx: CommandContext, now: () => Date = () => new Date()): Promise<number> => {
  const privateKey = await readPrivateKey(options.key);
  const store = await openStore(options.store, { create: false });
  const pool = hashPoolFor(store);
  try {
    const tree = await openTreeStore(store);
    try {
      // A first build (SQLite, PostgreSQL): worker threads read and hash ranges of the log themselves; the
      // leaves of other large batches are hashed in the pool; a few new events are hashed here.
      const rangedLog = rangedLogFor(store);
      const head = await createMerkleLog({ events: store.events, tree, hashPool: pool, ...(rangedLog === undefined ? {} : { rangedLog }) }).catchUp();
      const checkpoint = signCheckpoint({ logId: options.logId ?? store.label, head, time: now(), privateKey });
      if (options.out === undefined) ctx.io.stdout.write(formatCheckpoint(checkpoint));
      else {
        await writeCheckpointFile(options.out, checkpoint);
        ctx.io.stderr.write(`Signed a checkpoint of ${checkpoint.size} events (root ${checkpoint.rootHash.slice(0, 16)}…) to ${safeText(options.out)}; keep it where the database's operator cannot write.\n`);
      }
      return EXIT_OK;
    } catch (error) {
      if (error instanceof TreeDiverged) throw new CliError(error.message, 'Run `disputekit verify --checkpoint LAST.json --public-key PUB.pem` against the last checkpoint you kept.');
      if (error instanceof TreeReadFailed) throw storeFailure(error.error, store.label);
      throw error;
    } finally {
      await tree.close();
    }
  } finally {
    await pool.close();
    await store.close();
  }
};
