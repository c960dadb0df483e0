import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tempFolder } from './testing/runCli';
import { runCliInProcess } from './testing/runCliInProcess';

const tablesOf = (file: string): string[] => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as Array<{ name: string }>).map((t) => t.name);
  } finally {
    db.close();
  }
};

/** `verify` lists the streams the read models parked, read-only from rm_parked; nothing when the table is absent. */
describe('verify reports parked streams (SQLite)', () => {
  const folder = tempFolder('verify_parked');
  const file = join(folder.path, 'demo.db');
  const bare = join(folder.path, 'bare.db');
  const store = `sqlite:${file}`;

  beforeAll(async () => {
    expect((await runCliInProcess(['demo', '--store', store])).code).toBe(0);
    // A copy without any read-side table: verify must neither list nor create them.
    copyFileSync(file, bare);
    const db = new Database(bare);
    try {
      for (const name of tablesOf(bare).filter((t) => t.startsWith('rm_'))) db.prepare(`DROP TABLE "${name}"`).run();
    } finally {
      db.close();
    }
  }, 60_000);
  afterAll(() => folder.remove());

  it('says nothing of parked streams when the store has no rm_parked table, and creates none', async () => {
    const before = tablesOf(bare);
    const result = await runCliInProcess(['verify', '--store', `sqlite:${bare}`, '--json']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { parked: unknown[] }).parked).toEqual([]);
    expect((await runCliInProcess(['verify', '--store', `sqlite:${bare}`])).stdout).not.toContain('Parked');
    expect(tablesOf(bare)).toEqual(before);
  }, 60_000);

  it('lists a parked stream with projection, position and reason (text and JSON), control characters escaped', async () => {
    const db = new Database(file);
    try {
      db.prepare(`UPDATE disputekit_events SET data = ? WHERE stream_id = 'dispute-seed-1001' AND version = 1`).run('{"disputeId":"seed-1001","edited":"\\u001b[2Kby hand"}');
    } finally {
      db.close();
    }
    expect((await runCliInProcess(['rebuild', '--store', store])).code).toBe(2);
    const before = tablesOf(file);
    const json = await runCliInProcess(['verify', '--store', store, '--json']);
    expect(json.code).toBe(2);
    const parked = (JSON.parse(json.stdout) as { parked: Array<{ projection: string; streamId: string; version: number; globalPosition: number; reason: string }> }).parked;
    expect(new Set(parked.map((p) => p.streamId))).toEqual(new Set(['dispute-seed-1001']));
    expect(parked.length).toBeGreaterThan(0);
    for (const p of parked) {
      expect(p.version).toBe(1);
      expect(p.globalPosition).toBeGreaterThan(0);
      expect(p.reason.length).toBeGreaterThan(0);
      expect(p.projection).toMatch(/^[a-z_]+$/);
    }
    const text = await runCliInProcess(['verify', '--store', store]);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain(`Parked streams in the read models (${parked.length})`);
    expect(text.stdout).toContain(`⚠ parked "dispute-seed-1001" at version 1 (global position ${parked[0]!.globalPosition}) in ${parked[0]!.projection}`);
    expect(text.stdout).toContain('disputekit readmit');
    expect(text.stdout).not.toContain('\u001b');
    expect(tablesOf(file)).toEqual(before);
  }, 60_000);
});
