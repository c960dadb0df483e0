import { Client } from 'pg';
import { describeWithPostgres, dropTestSchemas, freshSchema, postgresTestUrl } from '@disputekit/adapters/testRun';
import { storeUrlFor, untilLogShowsAll } from './testing/postgres';
import { runCliInProcess } from './testing/runCliInProcess';

/** `verify` lists the read models' parked streams from the schema's rm_parked, read-only. */
describeWithPostgres('verify reports parked streams (PostgreSQL)', () => {
  const schema = freshSchema('cli_verify_parked');
  const store = storeUrlFor(schema);
  const sql = async (text: string, values: unknown[] = []): Promise<Array<Record<string, unknown>>> => {
    const client = new Client({ connectionString: postgresTestUrl });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as Array<Record<string, unknown>>;
    } finally {
      await client.end();
    }
  };
  const tables = async (): Promise<string[]> =>
    (await sql(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`, [schema])).map((r) => String(r['table_name']));

  beforeAll(async () => {
    expect((await runCliInProcess(['demo', '--store', store])).code).toBe(0);
    await untilLogShowsAll(schema);
  }, 60_000);
  afterAll(() => dropTestSchemas([schema]));

  it('lists nothing before any read model parked a stream, then the parked stream with projection, position and reason', async () => {
    const clean = await runCliInProcess(['verify', '--store', store, '--json']);
    expect(clean.code).toBe(0);
    expect((JSON.parse(clean.stdout) as { parked: unknown[] }).parked).toEqual([]);

    await sql(`UPDATE "${schema}".events SET data = $1 WHERE stream_id = 'dispute-seed-1001' AND version = 1`, ['{"disputeId":"seed-1001","edited":"by hand"}']);
    expect((await runCliInProcess(['rebuild', '--store', store])).code).toBe(2);
    const before = await tables();
    const json = await runCliInProcess(['verify', '--store', store, '--json']);
    expect(json.code).toBe(2);
    const parked = (JSON.parse(json.stdout) as { parked: Array<{ projection: string; streamId: string; version: number; globalPosition: number; reason: string }> }).parked;
    expect(new Set(parked.map((p) => p.streamId))).toEqual(new Set(['dispute-seed-1001']));
    for (const p of parked) {
      expect(p.version).toBe(1);
      expect(p.globalPosition).toBeGreaterThan(0);
      expect(p.reason.length).toBeGreaterThan(0);
    }
    const text = await runCliInProcess(['verify', '--store', store]);
    expect(text.stdout).toContain(`⚠ parked "dispute-seed-1001" at version 1 (global position ${parked[0]!.globalPosition}) in ${parked[0]!.projection}`);
    expect(await tables()).toEqual(before);
  }, 120_000);
});
