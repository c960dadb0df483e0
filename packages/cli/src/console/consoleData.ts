import * as E from 'fp-ts/lib/Either.js';
import type { LogVerification } from '@disputekit/core';
import { createDisputeReadModels, createMemoryReadSideStore, disputeSummaryProjection, queryActive, type DisputeReadModels, type DisputeSummary } from '@disputekit/projections';
import { storeLogSource } from '../commands/verify';
import { createProgress } from '../progress';
import type { OpenedStore } from '../storeUrl';
import { verifyLog } from '../verifyLog';
import { createProjectedLog } from './consoleReadModels';
import { createSearchIndex, type SearchIndex } from './searchIndex';

/** Where the store's verification stands: not run yet, running, or its result. */
export type VerifyStatus =
  | { readonly state: 'running'; readonly since: string }
  | { readonly state: 'done'; readonly at: string; readonly seconds: number; readonly verification: LogVerification }
  | { readonly state: 'failed'; readonly at: string; readonly message: string };

/** What the console reads: the read models (in memory), the search index over the summaries, and the verification. */
export interface ConsoleData {
  readonly readModels: DisputeReadModels;
  /** The current search index (replaced on each refresh). */
  index(): SearchIndex;
  /** When the read models last caught up with the log, how many events had been applied, and how many were left out. */
  readonly lastRefresh: () => { readonly at: string; readonly eventsApplied: number; readonly skipped: number };
  /** Catches the read models up with the store's log and rebuilds the search index. */
  refresh(): Promise<void>;
  verifyStatus(): VerifyStatus;
  /** Verifies the whole store again (in the background; `verifyStatus` says when it is done). */
  startVerify(): void;
  /** Waits for a running verification (does not close the store). */
  close(): Promise<void>;
}

const SILENT = { write: () => true };

/**
 * Builds the console's read models in memory from the store's global log, with the same
 * projections the service runs (`disputeProjections`, in one pass: `createProjectedLog`), so
 * nothing is re-derived: the store itself is only read. `refresh` applies the events appended
 * since. The search index is rebuilt from the `dispute_summary` rows after each refresh.
 */
export const createConsoleData = async (store: OpenedStore): Promise<ConsoleData> => {
  const readSide = createMemoryReadSideStore();
  const log = createProjectedLog(store, readSide);
  const readModels = createDisputeReadModels(readSide);
  let index: SearchIndex = createSearchIndex([]);
  let last = { at: new Date().toISOString(), eventsApplied: 0, skipped: 0 };
  let verify: VerifyStatus = { state: 'running', since: new Date().toISOString() };
  let verifying: Promise<void> | undefined;

  const refresh = async () => {
    const projected = await log.update();
    const rows = await queryActive(readSide, disputeSummaryProjection.name, 'dispute_summary', {});
    if (E.isLeft(rows)) throw new Error(`Cannot read the dispute summaries: ${rows.left.message}`);
    index = createSearchIndex(rows.right as unknown as ReadonlyArray<DisputeSummary>);
    last = { at: new Date().toISOString(), eventsApplied: projected.eventsApplied, skipped: projected.skipped };
  };

  const startVerify = () => {
    if (verifying !== undefined) return;
    verify = { state: 'running', since: new Date().toISOString() };
    verifying = verifyLog(storeLogSource(store), { progress: createProgress(SILENT, 'verifying'), maxFindings: 100 })
      .then((outcome) => {
        verify = { state: 'done', at: new Date().toISOString(), seconds: outcome.seconds, verification: outcome.verification };
      })
      .catch((error: unknown) => {
        verify = { state: 'failed', at: new Date().toISOString(), message: error instanceof Error ? error.message : String(error) };
      })
      .finally(() => {
        verifying = undefined;
      });
  };

  await refresh();
  return {
    readModels,
    index: () => index,
    lastRefresh: () => last,
    refresh,
    verifyStatus: () => verify,
    startVerify,
    close: async () => {
      await verifying;
    },
  };
};
