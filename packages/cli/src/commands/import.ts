import * as E from 'fp-ts/lib/Either.js';
import type { NewEvent } from '@disputekit/core';
import { CliError, EXIT_EMPTY, EXIT_FINDINGS, EXIT_OK } from '../cliError';
import type { CommandContext } from '../context';
import { readHistoryFile, type HistoryEvent, type HistoryLine } from '../historyFile';
import { writeLine } from '../io';
import { createProgress, type Progress } from '../progress';
import { countFileLines, totalIfShown } from '../progressTotals';
import { renderVerification } from '../render/verifyText';
import { storeFailure } from '../storeErrors';
import { openStore, type OpenedStore } from '../storeUrl';
import { isEmptyOutcome, verifyLog } from '../verifyLog';
import { historyFileSource, spoolStdin } from './historySource';
import { verificationJson } from './verify';
import { safeJson } from '../render/safeText';

/** Options of `disputekit import`. */
export interface ImportCommandOptions {
  readonly store: string;
  readonly file?: string;
  readonly json?: boolean;
}

/** Most events in one append. */
const MAX_BATCH = 500;
/** Events read before writing them, grouped by stream. */
const WINDOW = 10_000;

const toNewEvent = (event: HistoryEvent): NewEvent => ({ type: event.type, data: event.data, metadata: event.metadata });

/** Refuses the import, writing nothing, when the store already holds any of the history's streams. */
const refuseTakenStreams = async (store: OpenedStore, streamIds: ReadonlyArray<string>): Promise<void> => {
  const taken: string[] = [];
  for (const streamId of streamIds) {
    const existing = await store.events.readStream(streamId, { maxCount: 1 });
    if (E.isLeft(existing)) throw storeFailure(existing.left, store.label);
    if (existing.right.length > 0) taken.push(streamId);
  }
  if (taken.length > 0) {
    throw new CliError(
      `Nothing was imported: ${store.label} already holds ${taken.length} of the history's streams (${taken.slice(0, 5).join(', ')}${taken.length > 5 ? ', …' : ''}).`,
      'Import into an empty store, or export just the disputes that are missing (export --dispute ID).',
    );
  }
};

/**
 * Writes a checked history's events with their stored versions and metadata and returns how many
 * were written. Events are written a window at a time, grouped by stream (each stream's events in
 * order), so that an interleaved log does not cost one transaction per event.
 */
const writeHistory = async (store: OpenedStore, lines: AsyncIterable<HistoryLine>, progress: Progress): Promise<number> => {
  let written = 0;
  const append = async (events: ReadonlyArray<HistoryEvent>): Promise<void> => {
    const first = events[0]!;
    const appended = await store.events.appendToStream(first.streamId, events.map(toNewEvent), {
      expectedVersion: first.version === 1 ? 'no_stream' : first.version - 1,
    });
    if (E.isLeft(appended)) {
      const failure = storeFailure(appended.left, store.label);
      throw new CliError(
        `The import stopped after ${written.toLocaleString('en-US')} events, at ${first.streamId}@${first.version}: ${failure.message}`,
        'The streams written so far stay; import the rest into a fresh store, or remove what was written and run the import again.',
      );
    }
    written += events.length;
    progress.update(written);
  };
  let window = new Map<string, HistoryEvent[]>();
  let buffered = 0;
  const flush = async (): Promise<void> => {
    for (const events of window.values()) {
      for (let start = 0; start < events.length; start += MAX_BATCH) await append(events.slice(start, start + MAX_BATCH));
    }
    window = new Map();
    buffered = 0;
  };
  for await (const line of lines) {
    if (!('event' in line)) continue;
    const list = window.get(line.event.streamId);
    if (list === undefined) window.set(line.event.streamId, [line.event]);
    else list.push(line.event);
    if (++buffered >= WINDOW) await flush();
  }
  await flush();
  progress.done();
  return written;
};

/**
 * `disputekit import`: reads a history (JSON Lines, from stdin or `--file`), checks ALL of it first
 * — every line readable, every stream's hash chain, every event decoding, the process rules — and
 * that none of its streams exists in the target store; only then writes it with the stored versions and
 * metadata (hashes included), a window of events at a time grouped by stream (so the target's global
 * order keeps each stream's order, not the exact interleaving of streams). Anything wrong: nothing is written, exit 2
 * (problems in the history) or 1 (the store already holds some of its streams, or cannot be reached).
 */
export const importCommand = async (options: ImportCommandOptions, ctx: CommandContext): Promise<number> => {
  const spooled = options.file === undefined ? await spoolStdin(ctx.io.stdin) : undefined;
  const path = options.file ?? spooled!.path;
  try {
    const label = options.file ?? 'the standard input';
    const checked = await verifyLog(historyFileSource(path, label), { progress: createProgress(ctx.io.stderr, 'checking', await totalIfShown(ctx.io.stderr, () => countFileLines(path))) });
    const clean = checked.verification.clean && checked.unreadableCount === 0;
    if (isEmptyOutcome(checked)) {
      if (options.json === true) writeLine(ctx.io.stdout, safeJson({ imported: 0, ...verificationJson(checked, { file: options.file ?? '(stdin)' }) }, 2));
      else writeLine(ctx.io.stdout, `${renderVerification(checked, ctx.out)}\n${ctx.out.yellow('Nothing was imported: the history is empty.')}`);
      return EXIT_EMPTY;
    }
    if (!clean) {
      if (options.json === true) writeLine(ctx.io.stdout, safeJson({ imported: 0, ...verificationJson(checked, { file: options.file ?? '(stdin)' }) }, 2));
      else writeLine(ctx.io.stdout, `${renderVerification(checked, ctx.out)}\n${ctx.out.red('Nothing was imported: the history must check out in full first.')}`);
      return EXIT_FINDINGS;
    }
    // One head at a time: each head's hash is written out on demand, and only the stream ids are kept.
    const streamIds: string[] = [];
    for (const head of checked.verifier.heads()) streamIds.push(head.streamId);
    const store = await openStore(options.store, { create: true });
    try {
      await refuseTakenStreams(store, streamIds);
      const written = await writeHistory(store, readHistoryFile(path, label), createProgress(ctx.io.stderr, 'importing', checked.verification.events));
      const summary = { imported: written, streams: streamIds.length, store: store.label };
      writeLine(
        ctx.io.stdout,
        options.json === true ? safeJson(summary, 2) : ctx.out.green(`Imported ${written.toLocaleString('en-US')} events in ${streamIds.length.toLocaleString('en-US')} streams into ${store.label}.`),
      );
      return EXIT_OK;
    } finally {
      await store.close();
    }
  } finally {
    await spooled?.cleanup();
  }
};
