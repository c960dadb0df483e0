import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tempFolder } from './testing/runCli';
import { runCliInProcess } from './testing/runCliInProcess';
import { tamperings, type RunSql } from './testing/tamperings';

/** Each tampering of the stored rows of a SQLite store is caught by `verify` (exit 2), which names the first broken link. */
describe('tampering with a SQLite store', () => {
  const folder = tempFolder('tamper');
  const original = join(folder.path, 'demo.db');

  beforeAll(async () => {
    const demo = await runCliInProcess(['demo', '--store', `sqlite:${original}`]);
    expect(demo.code).toBe(0);
  }, 60_000);
  afterAll(() => folder.remove());

  it.each(tamperings.map((t, i) => [t.name, i] as const))('%s', async (_name, index) => {
    const tampering = tamperings[index]!;
    const file = join(folder.path, `tampered-${index}.db`);
    copyFileSync(original, file);
    const db = new Database(file);
    const sql: RunSql = async (text, params = []) => {
      const statement = db.prepare(text.replaceAll('{table}', 'disputekit_events').replace(/\$\d+/g, '?'));
      return statement.reader ? (statement.all(...params) as Array<Record<string, unknown>>) : (statement.run(...params), []);
    };
    await tampering.apply(sql);
    db.close();

    const run = await runCliInProcess(['verify', '--store', `sqlite:${file}`, '--json']);
    expect(run.code).toBe(2);
    const result = JSON.parse(run.stdout) as { clean: boolean; seconds: number; firstBrokenLink?: Record<string, unknown>; findings: Array<Record<string, unknown>> };
    // A reading thread (which hashes the chains, and hands back a range it cannot read) finds just what one thread finds.
    for (const threads of ['0', '1']) {
      const threaded = await runCliInProcess(['verify', '--store', `sqlite:${file}`, '--json', '--threads', threads]);
      expect(threaded.code).toBe(2);
      expect({ ...(JSON.parse(threaded.stdout) as typeof result), seconds: 0 }).toEqual({ ...result, seconds: 0 });
    }
    expect(result.clean).toBe(false);
    const { streamId, version, problem, rule } = tampering.expected;
    if (problem !== undefined) expect(result.firstBrokenLink).toMatchObject({ streamId, version, problem });
    else expect(result.firstBrokenLink).toBeUndefined();
    if (rule !== undefined) expect(result.findings).toContainEqual(expect.objectContaining({ kind: 'RULE', rule, streamId, version }));

    const text = await runCliInProcess(['verify', '--store', `sqlite:${file}`]);
    expect(text.code).toBe(2);
    if (problem !== undefined) expect(text.stdout).toContain(`First broken link: ${streamId}@${version} (global position`);
  });

  it('audit of a tampered dispute shows the broken link (exit 2)', async () => {
    const file = join(folder.path, 'audited.db');
    copyFileSync(original, file);
    const db = new Database(file);
    db.prepare(`UPDATE disputekit_events SET data = replace(data, '"amount":4000', '"amount":4999') WHERE stream_id = 'dispute-seed-1001' AND version = 8`).run();
    db.close();
    const run = await runCliInProcess(['audit', 'seed-1001', '--store', `sqlite:${file}`]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/✘ hash chain broken — first broken link: dispute-seed-1001@8 \(global position \d+\) does not match its hash/);
    expect(run.stdout).toContain('Verdict: this history has problems');
  });
});
