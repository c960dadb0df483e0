import { Readable } from 'node:stream';
import type { CliIo, Sink } from '../io';
import { runCli } from '../program';
import type { CliRun } from './runCli';

/** A sink that keeps what is written to it, as a terminal would (or would not, with `isTTY`). */
class CapturedSink implements Sink {
  text = '';
  constructor(
    readonly isTTY: boolean,
    readonly columns: number,
  ) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** What `runCliInProcess` may set besides the arguments. */
export interface InProcessOptions {
  /** Fed to the command as its standard input. */
  readonly stdin?: string;
  /** Environment entries on top of `NO_COLOR=1` (set one to `undefined` to remove it). */
  readonly env?: Record<string, string | undefined>;
  /** Pretend stdout and stderr are a terminal (for colour and width tests). */
  readonly tty?: boolean;
  /** The terminal's width when `tty` is set (default 100). */
  readonly columns?: number;
}

/**
 * Runs `disputekit ...args` inside the test's own process (the commander program with injected
 * streams and environment): the same code path as the `disputekit` binary, in milliseconds. Use
 * `runCli` (a real process) only for what needs one: exit codes of the binary, signals, pipes.
 */
export const runCliInProcess = async (args: ReadonlyArray<string>, options: InProcessOptions = {}): Promise<CliRun> => {
  const tty = options.tty ?? false;
  const columns = options.columns ?? 100;
  const stdout = new CapturedSink(tty, columns);
  const stderr = new CapturedSink(tty, columns);
  const stdin = Object.assign(Readable.from([options.stdin ?? ''], { objectMode: false }), { isTTY: false });
  const io: CliIo = { stdout, stderr, stdin, env: { NO_COLOR: '1', ...options.env } };
  const code = await runCli(args, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
};
