import { isHashHex, type ChainHead } from '@disputekit/core';
import { CliError } from './cliError';
import { checkOutputFile, openInputFile, readBoundedLines, writeLinesToFile, type FileRole } from './files';

/** A heads file, for messages. */
const HEADS_FILE: FileRole = { what: 'the heads file', hint: 'Pass the file written by `disputekit verify --save-heads`.' };
/** The longest line of a heads file: one stream's head is about 150 bytes. */
const MAX_HEADS_LINE_BYTES = 1024 * 1024;

/**
 * Reads a heads file (JSON Lines of `{ streamId, version, hash }`, as `verify --save-heads` writes
 * it). Any bad line is a `CliError` naming the line: a heads file is a trust anchor, never guessed at.
 */
export const readHeadsFile = async (path: string): Promise<ReadonlyArray<ChainHead>> => {
  const heads: ChainHead[] = [];
  const input = await openInputFile(path, HEADS_FILE);
  for await (const { line: number, text: line } of readBoundedLines(input, { path, role: HEADS_FILE, maxLineBytes: MAX_HEADS_LINE_BYTES })) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    const head = value as Partial<ChainHead> | undefined;
    if (
      typeof head !== 'object' ||
      head === null ||
      typeof head.streamId !== 'string' ||
      typeof head.version !== 'number' ||
      !Number.isSafeInteger(head.version) ||
      head.version < 0 ||
      !isHashHex(head.hash)
    ) {
      throw new CliError(`Line ${number} of the heads file ${path} is not { streamId, version, hash }.`, 'Pass the file written by `disputekit verify --save-heads`, unchanged.');
    }
    heads.push({ streamId: head.streamId, version: head.version, hash: head.hash });
  }
  return heads;
};

/** A place to save heads, for messages. */
const SAVED_HEADS: FileRole = { what: 'the heads file', hint: 'Pass a file path in an existing folder, for example --save-heads ./heads.jsonl.' };

/** Checks, before a long verification, that `writeHeadsFile` will be able to write at `path` (a `CliError` if not). */
export const checkHeadsTarget = (path: string): Promise<void> => checkOutputFile(path, SAVED_HEADS);

/** Writes heads as JSON Lines, one stream a line; a `CliError` naming the file when it cannot be written. */
export const writeHeadsFile = (path: string, heads: Iterable<ChainHead>): Promise<number> =>
  writeLinesToFile(path, (function* () {
    for (const head of heads) yield JSON.stringify({ streamId: head.streamId, version: head.version, hash: head.hash });
  })(), SAVED_HEADS);
