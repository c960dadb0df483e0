import { disputeStreamId } from '@disputekit/core';
import { CliError, EXIT_EMPTY, EXIT_OK } from '../cliError';
import type { CommandContext } from '../context';
import { toHistoryLine } from '../historyFile';
import type { Sink } from '../io';
import { createProgress } from '../progress';
import { countStoreEvents, totalIfShown } from '../progressTotals';
import { readLogPages, readStreamOrFail } from '../readLog';
import { openStore } from '../storeUrl';

/** Options of `disputekit export`. */
export interface ExportCommandOptions {
  readonly store: string;
  readonly dispute?: string;
}

/** Writes a chunk, waiting for the stream to drain when its buffer is full (so memory stays flat). */
const writeChunk = async (sink: Sink, text: string): Promise<void> => {
  const stream = sink as Sink & { once?: (event: string, listener: () => void) => void };
  if (sink.write(text) === false && stream.once !== undefined) await new Promise<void>((resolve) => stream.once!('drain', resolve));
};

/**
 * `disputekit export`: writes the store's global log (or one dispute's stream) to stdout as JSON
 * Lines, one event a line, in order, with its metadata (hash chain included). Streaming.
 */
export const exportCommand = async (options: ExportCommandOptions, ctx: CommandContext): Promise<number> => {
  const store = await openStore(options.store, { create: false });
  const total = options.dispute === undefined ? await totalIfShown(ctx.io.stderr, () => countStoreEvents(store.spec)) : undefined;
  const progress = createProgress(ctx.io.stderr, 'exporting', total);
  try {
    let written = 0;
    if (options.dispute !== undefined) {
      const events = await readStreamOrFail(store.events, store.label, disputeStreamId(options.dispute));
      if (events.length === 0) throw new CliError(`There is no dispute ${options.dispute} in ${store.label}.`, 'Check the id, or export the whole store without --dispute.');
      await writeChunk(ctx.io.stdout, events.map((e) => `${toHistoryLine(e)}\n`).join(''));
      written = events.length;
    } else {
      for await (const page of readLogPages(store.events, store.label)) {
        if ('unreadableEvent' in page) {
          throw new CliError(
            `Cannot export ${page.unreadableEvent.streamId}@${page.unreadableEvent.version}: the store cannot read it back (${page.why}).`,
            'Run `disputekit verify` to see every problem; an export must hold every event as stored.',
          );
        }
        await writeChunk(ctx.io.stdout, page.map((e) => `${toHistoryLine(e)}\n`).join(''));
        written += page.length;
        progress.update(written);
      }
    }
    progress.done();
    if (written === 0) {
      ctx.io.stderr.write(`Exported no event: the store ${store.label} is empty.\n`);
      return EXIT_EMPTY;
    }
    ctx.io.stderr.write(`Exported ${written.toLocaleString('en-US')} events from ${store.label}.\n`);
    return EXIT_OK;
  } finally {
    progress.done();
    await store.close();
  }
};
