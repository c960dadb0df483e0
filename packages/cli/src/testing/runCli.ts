import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { testTempFolder, type TestFolder } from '@disputekit/adapters/testRun';

/** The CLI package's folder: a process started from the sources runs there, so tsx maps the workspace packages to their sources. */
export const CLI_DIR = resolve(__dirname, '..', '..');

/** The built binary, as users run it (`pnpm run build` makes it). */
export const BUILT_BIN = resolve(CLI_DIR, 'dist', 'bin.js');

/** What a CLI run did. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** How the process tests start the CLI: the built bin when there is one, else the sources through tsx. */
export interface CliLauncher {
  readonly args: ReadonlyArray<string>;
  /** What is run, for the tests' titles (so the output says which one was tested). */
  readonly describe: string;
}

/**
 * The built `dist/bin.js` when it exists; otherwise `node --import tsx src/bin.ts`, and the
 * description says so (the process tests put it in their titles: a fallback is never silent).
 */
export const cliLauncher = (): CliLauncher =>
  existsSync(BUILT_BIN)
    ? { args: [BUILT_BIN], describe: 'the built packages/cli/dist/bin.js' }
    : { args: ['--import', 'tsx', 'src/bin.ts'], describe: 'src/bin.ts through tsx, because packages/cli/dist is missing (run pnpm run build to test the built bin)' };

/** Options of a CLI process run. */
export interface ProcessOptions {
  readonly stdin?: string;
  readonly env?: Record<string, string | undefined>;
  /** SIGKILLs the process if it has not exited by then (a hang); generous, for a loaded machine. */
  readonly timeoutMs?: number;
}

/**
 * Runs `disputekit ...args` as a real process (see `cliLauncher`), optionally feeding `stdin`,
 * with colour off by default (`NO_COLOR`), and resolves with its exit code and output. Use it
 * only for what needs a process (the binary's exit status, signals, pipes); everything else runs
 * in-process with `runCliInProcess`, in milliseconds.
 */
export const runCli = (args: ReadonlyArray<string>, options: ProcessOptions = {}): Promise<CliRun> =>
  new Promise((done, fail) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', DISPUTEKIT_STORE: undefined, ...options.env };
    const child = spawn(process.execPath, [...cliLauncher().args, ...args], {
      cwd: CLI_DIR,
      env: Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const timeoutMs = options.timeoutMs ?? 60_000;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') fail(new Error(`disputekit ${args.join(' ')} did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
      else done({ code, stdout, stderr });
    });
    child.stdin.on('error', () => undefined); // a process that exits without reading its input
    child.stdin.end(options.stdin ?? '');
  });

/** A new temporary folder of this test run, and a function that removes it. */
export const tempFolder = (what: string): TestFolder => testTempFolder(what);
