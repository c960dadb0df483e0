import { existsSync, mkdirSync, openSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { hostileHistory } from './testing/hostileHistory';
import { tempFolder } from './testing/runCli';
import { runCliInProcess } from './testing/runCliInProcess';

/**
 * Defect 8 of issue 11: bad file arguments crashed the CLI with stack traces. Every one must end
 * with an `error:` line and a `hint:` line on stderr, and exit status 1.
 */
describe('bad file arguments end with error: and hint:, exit 1', () => {
  const folder = tempFolder('badfiles');
  const dir = join(folder.path, 'a-folder');
  const history = join(folder.path, 'history.jsonl');
  const store = `sqlite:${join(folder.path, 'store.db')}`;
  const missingFolder = join(folder.path, 'no-such-folder', 'heads.jsonl');
  const longLine = join(folder.path, 'long-line.jsonl');

  beforeAll(async () => {
    mkdirSync(dir);
    writeFileSync(history, hostileHistory());
    const imported = await runCliInProcess(['import', '--store', store, '--file', history]);
    expect(imported.code).toBe(0);
    // One good line, then a 17 MiB line with no line break (past the 16 MiB limit).
    const fd = openSync(longLine, 'w');
    writeSync(fd, `${hostileHistory().split('\n')[0]}\n`);
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    for (let i = 0; i < 17; i++) writeSync(fd, chunk);
    closeSync(fd);
  }, 60_000);
  afterAll(() => folder.remove());

  const expectCleanError = (run: { code: number | null; stdout: string; stderr: string }, message: RegExp) => {
    expect(run.stderr).toMatch(/^error: .+$/m);
    expect(run.stderr).toMatch(/^hint: .+$/m);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain('unexpected failure');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.code).toBe(1);
  };

  it('verify --save-heads into a folder', async () => {
    const run = await runCliInProcess(['verify', '--store', store, '--save-heads', dir]);
    expectCleanError(run, /a-folder.*(folder|directory)/i);
  });

  it('verify --save-heads into a folder that does not exist', async () => {
    const run = await runCliInProcess(['verify', '--store', store, '--save-heads', missingFolder]);
    expectCleanError(run, /no-such-folder/);
  });

  it('replay --file of a folder', async () => {
    expectCleanError(await runCliInProcess(['replay', '--file', dir]), /a-folder.*(folder|directory)/i);
  });

  it('import --file of a folder writes nothing', async () => {
    expectCleanError(await runCliInProcess(['import', '--store', `sqlite:${join(folder.path, 'never.db')}`, '--file', dir]), /a-folder/);
    expect(existsSync(join(folder.path, 'never.db'))).toBe(false);
  });

  it('replay --file of a path through a file (ENOTDIR) or of a missing file', async () => {
    expectCleanError(await runCliInProcess(['replay', '--file', join(history, 'inside')]), /history\.jsonl\/inside/);
    expectCleanError(await runCliInProcess(['replay', '--file', join(folder.path, 'missing.jsonl')]), /missing\.jsonl/);
  });

  it('replay --file of a file that fails while being read (EIO)', async () => {
    expectCleanError(await runCliInProcess(['replay', '--file', '/proc/self/mem']), /\/proc\/self\/mem/);
  });

  it('replay --file /dev/zero: an endless line is refused at the limit, naming the line', async () => {
    expectCleanError(await runCliInProcess(['replay', '--file', '/dev/zero']), /line 1 of \/dev\/zero is longer than 16 MiB/i);
  }, 60_000);

  it('a history with a line longer than the limit names that line (replay and import)', async () => {
    expectCleanError(await runCliInProcess(['replay', '--file', longLine]), /line 2 of .*long-line\.jsonl is longer than 16 MiB/i);
    expectCleanError(await runCliInProcess(['import', '--store', `sqlite:${join(folder.path, 'never2.db')}`, '--file', longLine]), /line 2 of/i);
  }, 60_000);

  it('--heads of a folder, of /dev/zero and of an unreadable file', async () => {
    expectCleanError(await runCliInProcess(['verify', '--store', store, '--heads', dir]), /a-folder/);
    expectCleanError(await runCliInProcess(['verify', '--store', store, '--heads', '/dev/zero']), /line 1 of \/dev\/zero is longer than/i);
    expectCleanError(await runCliInProcess(['audit', 'silent-3003', '--store', store, '--heads', '/proc/self/mem']), /\/proc\/self\/mem/);
  }, 60_000);
});
