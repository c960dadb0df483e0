import type { LeafRecord, RecordedEvent } from '@disputekit/core';
import { disputeChecksWith, signatureCheck, todayAgainstCheckpoint, treeLeaves, type GivenCheckpoint } from '../checkpointChecks';
import type { IntegrityCheck } from '../html/disputePage';
import type { OpenedStore } from '../storeUrl';

/** Where the check of the whole log against the signed checkpoint stands. */
export type CheckpointStatus =
  | { readonly state: 'running'; readonly name: string }
  | { readonly state: 'done'; readonly name: string; readonly at: string; readonly checks: ReadonlyArray<IntegrityCheck> }
  | { readonly state: 'failed'; readonly name: string; readonly message: string };

/** The console's signed checkpoint: the whole log checked against it in the background, and each dispute's checks. */
export interface CheckpointWatch {
  status(): CheckpointStatus;
  /** Checks the whole log again (in the background). */
  start(): void;
  /** The dispute's integrity checks against the checkpoint (signature, inclusion proofs), once the log's check is done. */
  checksFor(events: ReadonlyArray<RecordedEvent>): Promise<IntegrityCheck[]>;
  /** Waits for a running check. */
  close(): Promise<void>;
}

/** The whole log's check: today's first `size` events give the signed root, or they do not. */
const logCheck = (given: GivenCheckpoint, holds: boolean, count: number): IntegrityCheck => {
  const { size } = given.checkpoint;
  const name = `${given.file}: the whole log`;
  return holds
    ? { name, ok: true, detail: `today's first ${size} events give the signed root: nothing before the checkpoint was edited, deleted, inserted or reordered` }
    : {
        name,
        ok: false,
        detail: `today's first ${size} events do not give the signed root${count < size ? ` (the log holds only ${count})` : ''}: the log was changed after the checkpoint; \`disputekit verify --checkpoint\` names the first event that differs`,
      };
};

/**
 * Watches a store against a signed checkpoint for the console: the signature and the whole log
 * against the signed root (read once per `start`, read-only), and the signed leaves kept in memory
 * (from today's log when it holds, else from the store's Merkle tables) for each dispute's
 * inclusion proofs.
 */
export const createCheckpointWatch = (store: OpenedStore, given: GivenCheckpoint): CheckpointWatch => {
  const name = `checkpoint ${given.file} (${given.checkpoint.size} events, signed ${given.checkpoint.time})`;
  let status: CheckpointStatus = { state: 'running', name };
  let leaves: LeafRecord | undefined;
  let running: Promise<void> | undefined;
  const start = () => {
    if (running !== undefined) return;
    status = { state: 'running', name };
    running = (async () => {
      const today = await todayAgainstCheckpoint(store, given.checkpoint);
      leaves = today.holds ? today.leaves : await treeLeaves(store, given.checkpoint).catch(() => undefined);
      status = { state: 'done', name, at: new Date().toISOString(), checks: [signatureCheck(given), logCheck(given, today.holds, today.count)] };
    })()
      .catch((error: unknown) => {
        leaves = undefined;
        status = { state: 'failed', name, message: error instanceof Error ? error.message : String(error) };
      })
      .finally(() => {
        running = undefined;
      });
  };
  return {
    status: () => status,
    start,
    checksFor: async (events) => {
      await running;
      return disputeChecksWith(events, leaves, given);
    },
    close: async () => {
      await running;
    },
  };
};
