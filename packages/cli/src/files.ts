import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import { CliError } from './cliError';

/** The longest line a history file may have: 16 MiB (an event line is a few kilobytes). */
export const MAX_HISTORY_LINE_BYTES = 16 * 1024 * 1024;

/** What a file is for, in messages, and what to do when it is wrong. */
export interface FileRole {
  /** `the history file`, `the heads file`… */
  readonly what: string;
  readonly hint: string;
}

const reason = (error: unknown): string => {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'ENOENT':
      return 'it does not exist';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return error instanceof Error ? error.message : String(error);
  }
};

/**
 * Opens a file for reading, refusing a folder and anything that cannot be opened with a `CliError`
 * that names it. Devices, pipes and `/dev/stdin` are allowed (reading is bounded line by line).
 */
export const openInputFile = async (path: string, role: FileRole): Promise<NodeJS.ReadableStream> => {
  try {
    if ((await stat(path)).isDirectory()) throw Object.assign(new Error('folder'), { code: 'EISDIR' });
  } catch (error) {
    throw new CliError(`Cannot read ${role.what} ${path}: ${reason(error)}.`, role.hint);
  }
  const stream = createReadStream(path);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error) => reject(new CliError(`Cannot read ${role.what} ${path}: ${reason(error)}.`, role.hint)));
  });
  return stream;
};

/**
 * Reads a stream line by line (LF or CRLF), holding at most `maxLineBytes` of one line: a longer
 * line, or an endless one (`/dev/zero`), is a `CliError` naming its number. A failure of the stream
 * while reading (an I/O error) is a `CliError` too. Lines are decoded as UTF-8.
 */
export async function* readBoundedLines(
  input: NodeJS.ReadableStream,
  options: { readonly path: string; readonly role: FileRole; readonly maxLineBytes: number },
): AsyncGenerator<{ readonly line: number; readonly text: string }> {
  const { path, role, maxLineBytes } = options;
  const tooLong = (line: number) =>
    new CliError(
      `Line ${line} of ${path} is longer than ${maxLineBytes / (1024 * 1024)} MiB (${maxLineBytes.toLocaleString('en-US')} bytes), the most a line of ${role.what} may hold.`,
      role.hint,
    );
  let parts: Buffer[] = [];
  let pending = 0;
  let line = 0;
  const take = (last: Buffer): string => {
    const whole = parts.length === 0 ? last : Buffer.concat([...parts, last]);
    parts = [];
    pending = 0;
    const end = whole.length > 0 && whole[whole.length - 1] === 0x0d ? whole.length - 1 : whole.length;
    return whole.toString('utf8', 0, end);
  };
  try {
    for await (const chunk of input) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      let start = 0;
      for (let newline = bytes.indexOf(0x0a, start); newline !== -1; newline = bytes.indexOf(0x0a, start)) {
        line++;
        if (pending + newline - start > maxLineBytes) throw tooLong(line);
        yield { line, text: take(bytes.subarray(start, newline)) };
        start = newline + 1;
      }
      if (start < bytes.length) {
        pending += bytes.length - start;
        if (pending > maxLineBytes) throw tooLong(line + 1);
        parts.push(bytes.subarray(start));
      }
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`Cannot read ${role.what} ${path}: ${reason(error)}.`, role.hint);
  } finally {
    (input as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  }
  if (pending > 0) yield { line: line + 1, text: take(Buffer.alloc(0)) };
}

/**
 * A pass-through that fails (with `tooLong(lineNumber)`) as soon as a line grows past
 * `maxLineBytes`: for copying a stream whose lines will later be read with `readBoundedLines`,
 * so that an endless line (`< /dev/zero`) is refused instead of filling a disk.
 */
export const lineLengthGuard = (maxLineBytes: number, tooLong: (line: number) => Error): Transform => {
  let line = 1;
  let current = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let start = 0;
      for (let newline = chunk.indexOf(0x0a, start); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
        if (current + newline - start > maxLineBytes) return done(tooLong(line));
        line++;
        current = 0;
        start = newline + 1;
      }
      current += chunk.length - start;
      if (current > maxLineBytes) return done(tooLong(line));
      done(null, chunk);
    },
  });
};

/**
 * Checks, before any work is done, that a file can be written at `path`: its folder exists and the
 * path is not a folder. A `CliError` naming the path otherwise.
 */
export const checkOutputFile = async (path: string, role: FileRole): Promise<void> => {
  const folder = dirname(path);
  const folderStat = await stat(folder).catch((error: unknown) => {
    throw new CliError(`Cannot write ${role.what} ${path}: its folder ${folder} cannot be used (${reason(error)}).`, role.hint);
  });
  if (!folderStat.isDirectory()) throw new CliError(`Cannot write ${role.what} ${path}: ${folder} is not a folder.`, role.hint);
  const target = await stat(path).catch(() => undefined);
  if (target?.isDirectory() === true) throw new CliError(`Cannot write ${role.what} ${path}: it is a folder, not a file.`, role.hint);
};

/** Writes lines to a new (or truncated) file, with a `CliError` naming it when it cannot be opened or written. */
export const writeLinesToFile = async (path: string, lines: Iterable<string>, role: FileRole): Promise<number> => {
  let handle: FileHandle | undefined;
  let count = 0;
  try {
    handle = await open(path, 'w');
    let batch = '';
    for (const line of lines) {
      batch += `${line}\n`;
      count++;
      if (batch.length >= 1 << 16) {
        await handle.write(batch);
        batch = '';
      }
    }
    if (batch !== '') await handle.write(batch);
    await handle.close();
    handle = undefined;
    return count;
  } catch (error) {
    throw new CliError(`Cannot write ${role.what} ${path}: ${reason(error)}.`, role.hint);
  } finally {
    await handle?.close().catch(() => undefined);
  }
};
