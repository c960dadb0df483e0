import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CLI_DIR, cliLauncher, runCli, tempFolder } from './testing/runCli';
import { runCliInProcess } from './testing/runCliInProcess';

/**
 * The few things only a real `disputekit` process shows: the binary's exit status and its quiet
 * stop when a reader closes the pipe. Everything else is tested in-process (cli.sqlite.test.ts).
 * They run the built bin when there is one; the title says when they fall back to tsx.
 */
const launcher = cliLauncher();
const HANG = 120_000; // catches a hang, not slowness: a loaded 2-core machine starts node slowly

describe(`the disputekit process (${launcher.describe})`, () => {
  const folder = tempFolder('cli_process');
  const clean = folder.file('clean.db');
  const tampered = folder.file('tampered.db');
  const big = folder.file('big.db');

  beforeAll(async () => {
    expect((await runCliInProcess(['demo', '--store', `sqlite:${clean}`])).code).toBe(0);
    copyFileSync(clean, tampered);
    const db = new Database(tampered);
    db.prepare(`UPDATE disputekit_events SET data = replace(data, '"amount":4000', '"amount":4999') WHERE stream_id = 'dispute-seed-1001' AND version = 8`).run();
    db.close();
    // 40 copies of every stream (ids renamed): an export far bigger than a pipe's buffer.
    copyFileSync(clean, big);
    const copies = new Database(big);
    const copy = copies.prepare(
      `INSERT INTO disputekit_events (stream_id, version, event_id, type, data, metadata)
       SELECT stream_id || '-copy' || @n, version, event_id || '-copy' || @n, type, data, json_set(metadata, '$.eventId', event_id || '-copy' || @n)
       FROM disputekit_events WHERE stream_id NOT LIKE '%-copy%' ORDER BY global_position`,
    );
    for (let n = 1; n <= 40; n++) copy.run({ n });
    copies.close();
  }, HANG);
  afterAll(() => folder.remove());

  it("prints packages/cli/package.json's version for --version", async () => {
    const manifest = JSON.parse(readFileSync(join(CLI_DIR, 'package.json'), 'utf8')) as { version: string };
    const run = await runCli(['--version'], { timeoutMs: HANG });
    expect(run).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: '' });
  }, HANG);

  it('exits 0 on a clean store, 2 on a tampered one, 1 on a bad flag', async () => {
    const ok = await runCli(['verify', '--store', `sqlite:${clean}`], { timeoutMs: HANG });
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toContain('Clean: every stream checks out.');
    const broken = await runCli(['verify', '--store', `sqlite:${tampered}`], { timeoutMs: HANG });
    expect(broken.code).toBe(2);
    expect(broken.stdout).toContain('First broken link: dispute-seed-1001@8');
    const flag = await runCli(['verify', '--store', `sqlite:${clean}`, '--frobnicate'], { timeoutMs: HANG });
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain("error: unknown option '--frobnicate'");
  }, 3 * HANG);

  it('stops quietly with status 0 when the reader closes the pipe early (disputekit export | head -n 1)', async () => {
    const child = spawn(process.execPath, [...launcher.args, 'export', '--store', `sqlite:${big}`], {
      cwd: CLI_DIR,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), HANG);
    let stderr = '';
    let firstLine = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').once('data', (chunk: string) => {
      firstLine = chunk.split('\n')[0] ?? '';
      child.stdout.destroy(); // as `head -n 1` does once it has its line
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) => child.on('close', (c, s) => done([c, s])));
    clearTimeout(timer);
    expect(signal).toBeNull();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(firstLine)).toMatchObject({ streamId: expect.any(String) as string, version: 1 });
  }, HANG);
});
