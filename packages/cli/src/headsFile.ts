import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isHashHex, type ChainHead } from '@disputekit/core';
import { CliError } from './cliError';

/**
 * Reads a heads file (JSON Lines of `{ streamId, version, hash }`, as `verify --save-heads` writes
 * it). Any bad line is a `CliError` naming the line: a heads file is a trust anchor, never guessed at.
 */
export const readHeadsFile = async (path: string): Promise<ReadonlyArray<ChainHead>> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read the heads file ${path}: ${error instanceof Error ? error.message : String(error)}`, 'Pass the file written by `disputekit verify --save-heads`.');
  }
  const heads: ChainHead[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
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
      throw new CliError(`Line ${index + 1} of the heads file ${path} is not { streamId, version, hash }.`, 'Pass the file written by `disputekit verify --save-heads`, unchanged.');
    }
    heads.push({ streamId: head.streamId, version: head.version, hash: head.hash });
  });
  return heads;
};

/** Writes heads as JSON Lines, one stream a line. */
export const writeHeadsFile = async (path: string, heads: Iterable<ChainHead>): Promise<number> => {
  const out = createWriteStream(path);
  let count = 0;
  for (const head of heads) {
    if (!out.write(`${JSON.stringify({ streamId: head.streamId, version: head.version, hash: head.hash })}\n`)) {
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    count++;
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(new CliError(`Cannot write ${path}: ${error.message}`)) : resolve())));
  return count;
};
