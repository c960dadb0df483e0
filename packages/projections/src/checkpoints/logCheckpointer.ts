import type { KeyObject } from 'node:crypto';
import { createMerkleLog, signCheckpoint, type Checkpoint, type EventStore, type TreeStore } from '@disputekit/core';
import type { Clock } from '@disputekit/core';
import { folderCheckpointSink, type CheckpointSink } from './checkpointSink';

/** Options of the log checkpointer (and of the projection runner's `checkpoints` option). */
export interface LogCheckpointOptions {
  /** Where the log's Merkle tree is kept (`createSqliteTreeStore`, `createPostgresTreeStore`, `createInMemoryTreeStore`). */
  readonly tree: TreeStore;
  /** The Ed25519 private key that signs (`ed25519PrivateKey(pem)`). */
  readonly privateKey: KeyObject;
  /** The log's name in each checkpoint. */
  readonly logId: string;
  /** Where checkpoints go; default a `folderCheckpointSink(folder)`. One of `sink` and `folder` is required. */
  readonly sink?: CheckpointSink;
  readonly folder?: string;
  /** Sign when at least this many events were added since the last checkpoint. */
  readonly everyEvents?: number;
  /** Sign when this many minutes passed since the last checkpoint and events were added. */
  readonly everyMinutes?: number;
  /** Told when a checkpoint is signed and stored. */
  readonly onCheckpoint?: (checkpoint: Checkpoint) => void;
  /** Told when bringing the tree up, signing or storing fails (the next tick tries again). */
  readonly onError?: (error: unknown) => void;
}

/** Signs checkpoints of the log every N events or T minutes (see `LogCheckpointOptions`). */
export interface LogCheckpointer {
  /** Brings the tree up to the head of the log and signs a checkpoint if one is due; returns it, if any. */
  tick(): Promise<Checkpoint | undefined>;
  /** Signs a checkpoint of the log as it is now, due or not (and if it grew since the last). */
  checkpointNow(): Promise<Checkpoint | undefined>;
}

/**
 * Creates a log checkpointer over `events`. Each tick adds only the new events to the tree (two
 * hashes an event), so it is cheap to call often; a checkpoint is signed when `everyEvents` events
 * were added, or `everyMinutes` passed with at least one new event, since the last one it signed.
 */
export const createLogCheckpointer = (events: EventStore, clock: Clock, options: LogCheckpointOptions): LogCheckpointer => {
  const everyEvents = options.everyEvents;
  const everyMinutes = options.everyMinutes;
  if (everyEvents === undefined && everyMinutes === undefined) throw new TypeError('checkpoints: give everyEvents, everyMinutes or both');
  if (everyEvents !== undefined && !(Number.isSafeInteger(everyEvents) && everyEvents >= 1)) throw new TypeError(`checkpoints.everyEvents must be an integer ≥ 1, got ${everyEvents}`);
  if (everyMinutes !== undefined && !(everyMinutes > 0)) throw new TypeError(`checkpoints.everyMinutes must be > 0, got ${everyMinutes}`);
  const sink = options.sink ?? (options.folder === undefined ? undefined : folderCheckpointSink(options.folder));
  if (sink === undefined) throw new TypeError('checkpoints: give a sink or a folder');
  const log = createMerkleLog({ events, tree: options.tree });
  let lastSize: number | undefined;
  let lastAt = clock.now();

  const sign = async (due: (size: number) => boolean): Promise<Checkpoint | undefined> => {
    try {
      const head = await log.catchUp();
      if (head.size === 0 || head.size === lastSize || !due(head.size)) return undefined;
      const checkpoint = signCheckpoint({ logId: options.logId, head, time: new Date(clock.now()), privateKey: options.privateKey });
      await sink.write(checkpoint);
      lastSize = head.size;
      lastAt = clock.now();
      options.onCheckpoint?.(checkpoint);
      return checkpoint;
    } catch (error) {
      options.onError?.(error);
      return undefined;
    }
  };
  return {
    tick: () =>
      sign((size) => {
        const added = size - (lastSize ?? 0);
        return (everyEvents !== undefined && added >= everyEvents) || (everyMinutes !== undefined && clock.now() - lastAt >= everyMinutes * 60_000);
      }),
    checkpointNow: () => sign(() => true),
  };
};
