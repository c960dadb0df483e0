/** A stream the CLI writes to: stdout or stderr, or a test double. */
export interface Sink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** What a command may touch of the process: its streams and environment. */
export interface CliIo {
  readonly stdout: Sink;
  readonly stderr: Sink;
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Colour is used only on a terminal, and never when `NO_COLOR` is set to anything but the empty string (no-color.org). */
export const colourWanted = (sink: Sink, env: CliIo['env'], flag: boolean): boolean =>
  flag && sink.isTTY === true && (env['NO_COLOR'] === undefined || env['NO_COLOR'] === '');

/** Writes a line (adds the newline). */
export const writeLine = (sink: Sink, line = ''): void => {
  sink.write(`${line}\n`);
};

/** Waits until everything written to a stream has been handed to the OS (so a large output is not cut by the exit). */
export const drain = (sink: Sink): Promise<void> =>
  new Promise((resolve) => {
    const stream = sink as Sink & { writableNeedDrain?: boolean; once?: (event: string, listener: () => void) => void };
    if (stream.writableNeedDrain === true && stream.once !== undefined) stream.once('drain', () => resolve());
    else resolve();
  });
