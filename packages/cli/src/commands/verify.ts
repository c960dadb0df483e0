import { CliError, EXIT_EMPTY, EXIT_FINDINGS, EXIT_OK } from '../cliError';
import type { CommandContext } from '../context';
import { checkHeadsTarget, readHeadsFile, writeHeadsFile } from '../headsFile';
import { writeLine } from '../io';
import { createProgress } from '../progress';
import { countStoreEvents, totalIfShown } from '../progressTotals';
import type { HashPool } from '@disputekit/core';
import { PAGE_SIZE, POOLED_PAGE_SIZE, readLogPagesAhead, readStreamOrFail, VERIFY_PAGE_SIZE, type ReadAheadOptions } from '../readLog';
import { renderVerification } from '../render/verifyText';
import { openStore, type OpenedStore } from '../storeUrl';
import { isEmptyOutcome, verifyLog, type LogSource, type VerifyOutcome } from '../verifyLog';
import { safeJson, safeText } from '../render/safeText';
import { readParkedStreams } from '../readParkedStreams';
import { parkedLines } from './parkedReport';

/** Options of `disputekit verify`. */
export interface VerifyCommandOptions {
  readonly store: string;
  readonly json?: boolean;
  readonly heads?: string;
  readonly saveHeads?: string;
  /** `--threads`: reading threads beside the checking one (0–4; by default `chainedLogChunks`' own, 1 with two cores or more, for a log of `RANGED_CATCH_UP_MINIMUM` events or more). */
  readonly threads?: string;
}

/** The most reading threads `--threads` takes: the checking thread is the limit well before that. */
export const MAX_VERIFY_THREADS = 4;

/** `--threads` as a number, or `undefined` when not given; anything but a whole number from 0 to `MAX_VERIFY_THREADS` is a `CliError`. */
export const parseVerifyThreads = (threads: string | undefined): number | undefined => {
  if (threads === undefined) return undefined;
  if (!/^\d$/.test(threads) || Number(threads) > MAX_VERIFY_THREADS) {
    throw new CliError(`--threads ${JSON.stringify(threads)} is not a number of threads from 0 to ${MAX_VERIFY_THREADS}.`, 'Give 0 to read and check in one thread, or 1 (the default with two cores or more) to read and hash in a second one.');
  }
  return Number(threads);
};

/** The page size `verify` reads a store's log in: large pages when a pool hashes them, else sized for the store's kind (`VERIFY_PAGE_SIZE`). */
export const verifyPageSize = (store: OpenedStore, pool: HashPool | undefined): number =>
  pool !== undefined ? POOLED_PAGE_SIZE : store.spec.kind === 'sqlite' || store.spec.kind === 'memory' ? VERIFY_PAGE_SIZE : PAGE_SIZE;

/**
 * A store's global log as a `LogSource` for `verifyLog`: a SQLite file or PostgreSQL is read, and its
 * chain hashes computed, by a worker thread (`readLogPagesAhead`, as `readAhead` says), other stores
 * in this thread.
 */
export const storeLogSource = (store: OpenedStore, readAhead: ReadAheadOptions = {}): LogSource => ({
  pages: readLogPagesAhead(store, verifyPageSize(store, undefined), readAhead),
  readStreams: async (streamIds) => {
    const streams = new Map<string, Awaited<ReturnType<typeof readStreamOrFail>>>();
    for (const streamId of streamIds) streams.set(streamId, await readStreamOrFail(store.events, store.label, streamId));
    return streams;
  },
});

/** The `--json` shape of `verify` and of `replay`'s summary. */
export const verificationJson = (outcome: VerifyOutcome, source: Record<string, string>) => ({
  ...source,
  seconds: Number(outcome.seconds.toFixed(3)),
  ...outcome.verification,
  clean: outcome.verification.clean && outcome.unreadableCount === 0 && !isEmptyOutcome(outcome),
  // Only when there was nothing to check, as `firstBrokenLink` only when there is one.
  ...(isEmptyOutcome(outcome) ? { empty: true } : {}),
  unreadableLines: outcome.unreadableLines,
  unreadableCount: outcome.unreadableCount,
});

/**
 * `disputekit verify`: reads the whole global log in pages and checks every stream (hash chain,
 * decoding, fold, process rules), streaming. Exit 0 when clean, 2 when it found problems.
 */
export const verifyCommand = async (options: VerifyCommandOptions, ctx: CommandContext): Promise<number> => {
  const threads = parseVerifyThreads(options.threads);
  const heads = options.heads === undefined ? undefined : await readHeadsFile(options.heads);
  if (options.saveHeads !== undefined) await checkHeadsTarget(options.saveHeads);
  const store = await openStore(options.store, { create: false });
  // A worker reads SQLite and PostgreSQL and computes the chain hashes; this thread parses, decodes,
  // folds and checks the rules (bench/README.md, "verify of 1,000,000 events"). Sending the events
  // to a hashing pool instead gained nothing and raised the peak RSS to 755 MB ("Hashing in worker threads").
  try {
    const outcome = await verifyLog(
      // Threads asked for are used whatever the log's length; by default only a long log gets one.
      storeLogSource(store, threads === undefined ? {} : { threads, minimum: 0 }),
      { ...(heads === undefined ? {} : { heads }), progress: createProgress(ctx.io.stderr, 'verifying', await totalIfShown(ctx.io.stderr, () => countStoreEvents(store.spec))) },
    );
    const empty = isEmptyOutcome(outcome);
    const clean = outcome.verification.clean && !empty;
    // Parked streams are reported beside the findings (the read models lack those disputes); they do not change the verdict on the log.
    const parked = await readParkedStreams(store).catch((error: unknown) => {
      ctx.io.stderr.write(`warning: cannot read the read models' parked streams: ${safeText(error instanceof Error ? error.message : String(error))}\n`);
      return [];
    });
    if (options.json === true) writeLine(ctx.io.stdout, safeJson({ ...verificationJson(outcome, { store: store.label }), parked }, 2));
    else {
      writeLine(ctx.io.stdout, renderVerification(outcome, ctx.out));
      if (parked.length > 0) writeLine(ctx.io.stdout, ['', ctx.out.bold(`Parked streams in the read models (${parked.length})`), ...parkedLines(parked, ctx)].join('\n'));
    }
    if (options.saveHeads !== undefined) {
      if (!clean) {
        ctx.io.stderr.write(`Heads not saved to ${safeText(options.saveHeads)}: ${empty ? 'the store is empty' : 'the store has problems'}, and a heads file must anchor a clean store.\n`);
        return empty ? EXIT_EMPTY : EXIT_FINDINGS;
      }
      const saved = await writeHeadsFile(options.saveHeads, outcome.verifier.heads());
      ctx.io.stderr.write(`Saved the heads of ${saved} streams to ${safeText(options.saveHeads)}; keep it outside the database (verify later with --heads).\n`);
    }
    return empty ? EXIT_EMPTY : clean ? EXIT_OK : EXIT_FINDINGS;
  } finally {
    await store.close();
  }
};
