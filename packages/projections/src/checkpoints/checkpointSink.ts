import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatCheckpoint, parseCheckpoint, type Checkpoint } from '@disputekit/core';

/**
 * Where signed checkpoints go. The point of a checkpoint is that whoever runs the database cannot
 * rewrite it: send it somewhere they cannot write (see docs/audits.md), with a sink of your own
 * (`write` uploads it, mails it, posts it to a transparency service…) or a folder on such a place.
 */
export interface CheckpointSink {
  /** Stores one checkpoint; rejects when it cannot (the checkpointer tries again next time). */
  write(checkpoint: Checkpoint): Promise<void>;
}

/** The file name of a checkpoint in a folder: its size (zero-padded, so names sort by size) and its time. */
export const checkpointFileName = (checkpoint: Checkpoint): string =>
  `checkpoint-${String(checkpoint.size).padStart(12, '0')}-${checkpoint.time.replaceAll(':', '')}.json`;

/**
 * A sink that writes each checkpoint to a new file in `folder` (created when missing), never
 * overwriting one: `checkpoint-{size}-{time}.json`, as `disputekit checkpoint --out` writes them.
 */
export const folderCheckpointSink = (folder: string): CheckpointSink & { readonly folder: string; latest(): Promise<Checkpoint | undefined> } => ({
  folder,
  async write(checkpoint) {
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, checkpointFileName(checkpoint)), formatCheckpoint(checkpoint), { flag: 'wx' });
  },
  async latest() {
    let names: string[];
    try {
      names = (await readdir(folder)).filter((name) => /^checkpoint-\d{12}-.*\.json$/.test(name)).sort();
    } catch {
      return undefined;
    }
    const last = names[names.length - 1];
    return last === undefined ? undefined : parseCheckpoint(await readFile(join(folder, last), 'utf8'));
  },
});
