import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ChainedEvent } from '@disputekit/core';
import { CliError } from '../cliError';
import { lineLengthGuard, MAX_HISTORY_LINE_BYTES } from '../files';
import { readHistoryFile, type HistoryEvent, type UnreadableLine } from '../historyFile';
import type { LogSource } from '../verifyLog';

/** Events per page handed to the verifier. */
const PAGE = 1_000;

/** A history file as a `LogSource`: streamed in pages, and read again for the few streams M5 needs; `label` names it in messages. */
export const historyFileSource = (path: string, label = path): LogSource => ({
  pages: (async function* () {
    let page: HistoryEvent[] = [];
    for await (const line of readHistoryFile(path, label)) {
      if ('error' in line) {
        yield { unreadable: { line: line.line, message: line.error } satisfies UnreadableLine };
        continue;
      }
      page.push(line.event);
      if (page.length >= PAGE) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
  })(),
  readStreams: async (streamIds) => {
    const wanted = new Set(streamIds);
    const streams = new Map<string, ChainedEvent[]>();
    for await (const line of readHistoryFile(path, label)) {
      if ('event' in line && wanted.has(line.event.streamId)) {
        const list = streams.get(line.event.streamId) ?? [];
        list.push(line.event);
        streams.set(line.event.streamId, list);
      }
    }
    return streams;
  },
});

/**
 * Copies stdin to a temporary file, so that a piped history can be read twice (checked in full,
 * then written) with constant memory. Returns the file and a cleanup.
 */
export const spoolStdin = async (stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean }): Promise<{ readonly path: string; readonly cleanup: () => Promise<void> }> => {
  if (stdin.isTTY === true) {
    throw new CliError('import reads a history from its standard input, which is a terminal here.', 'Pipe a file in: disputekit import --store URL < history.jsonl (or pass --file history.jsonl).');
  }
  const dir = await mkdtemp(join(tmpdir(), 'disputekit-import-'));
  const path = join(dir, 'history.jsonl');
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const tooLong = (line: number) =>
    new CliError(`Line ${line} of the standard input is longer than ${MAX_HISTORY_LINE_BYTES / (1024 * 1024)} MiB, the most a line of a history may hold.`, 'Pipe in a history written by `disputekit export` (JSON Lines, one event a line).');
  try {
    await pipeline(stdin, lineLengthGuard(MAX_HISTORY_LINE_BYTES, tooLong), createWriteStream(path));
  } catch (error) {
    await cleanup();
    throw error instanceof CliError ? error : new CliError(`Cannot read the standard input: ${error instanceof Error ? error.message : String(error)}`, 'Pipe in a history written by `disputekit export`.');
  }
  return { path, cleanup };
};
