import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The CLI package's folder: the spawned process runs there, so tsx maps the workspace packages to their sources. */
export const CLI_DIR = resolve(__dirname, '..', '..');

/** What a CLI process did. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `disputekit ...args` as a real process (`node --import tsx src/bin.ts`), optionally feeding
 * `stdin`, with colour off by default (`NO_COLOR`), and resolves with its exit code and output.
 */
export const runCli = (args: ReadonlyArray<string>, options: { readonly stdin?: string; readonly env?: Record<string, string | undefined> } = {}): Promise<CliRun> =>
  new Promise((done, fail) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', DISPUTEKIT_STORE: undefined, ...options.env };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/bin.ts', ...args], {
      cwd: CLI_DIR,
      env: Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });

/** A new temporary folder, and a function that removes it. */
export const tempFolder = (prefix: string): { readonly path: string; readonly remove: () => void } => {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
};
