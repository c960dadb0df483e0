import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tempFolder } from './testing/runCli';
import { runCliInProcess } from './testing/runCliInProcess';

/** `rebuild` reports a stream parked by a hand-corrupted row; `readmit` re-admits it once repaired. */
describe('parked streams in the CLI (SQLite)', () => {
  const folder = tempFolder('readmit');
  const file = join(folder.path, 'demo.db');
  const store = `sqlite:${file}`;
  const setData = (data: string | undefined): string => {
    const db = new Database(file);
    try {
      const row = db.prepare(`SELECT data FROM disputekit_events WHERE stream_id = 'dispute-seed-1001' AND version = 1`).get() as { data: string };
      if (data !== undefined) db.prepare(`UPDATE disputekit_events SET data = ? WHERE stream_id = 'dispute-seed-1001' AND version = 1`).run(data);
      return row.data;
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    expect((await runCliInProcess(['demo', '--store', store])).code).toBe(0);
  }, 60_000);
  afterAll(() => folder.remove());

  it('rebuild names the parked stream (exit 2); readmit refuses it while corrupt, re-admits it once repaired', async () => {
    const original = setData('{"disputeId":"seed-1001","edited":"\\u001b[2Kby hand"}');
    const rebuilt = await runCliInProcess(['rebuild', '--store', store]);
    expect(rebuilt.code).toBe(2);
    expect(rebuilt.stdout).toContain('⚠ parked "dispute-seed-1001" at version 1');
    expect(rebuilt.stdout).toContain('disputekit readmit');
    expect(rebuilt.stdout).not.toContain('\u001b');
    const json = JSON.parse((await runCliInProcess(['rebuild', '--store', store, '--json'])).stdout) as { parked: Array<{ projection: string; streamId: string }> };
    expect(new Set(json.parked.map((p) => p.streamId))).toEqual(new Set(['dispute-seed-1001']));
    expect(json.parked).toHaveLength(5); // parked once per read model

    const refused = await runCliInProcess(['readmit', '--store', store, '--stream', 'dispute-seed-1001']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/error: Stream dispute-seed-1001 cannot be re-admitted/);
    expect(refused.stderr).toContain('hint:');

    setData(original);
    const readmitted = await runCliInProcess(['readmit', '--store', store, '--stream', 'dispute-seed-1001']);
    expect(readmitted.stderr).toBe('');
    expect(readmitted.code).toBe(0);
    expect(readmitted.stdout).toContain('✔ Re-admitted dispute-seed-1001: rebuilt dispute_summary');
    const again = await runCliInProcess(['readmit', '--store', store, '--stream', 'dispute-seed-1001']);
    expect(again.stdout).toContain('nothing to do');
    const clean = await runCliInProcess(['rebuild', '--store', store, '--json']);
    expect(clean.code).toBe(0);
    expect((JSON.parse(clean.stdout) as { parked: unknown[] }).parked).toEqual([]);
  }, 60_000);
});
