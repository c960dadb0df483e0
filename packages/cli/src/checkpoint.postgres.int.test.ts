import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { describeWithPostgres, dropTestSchemas, freshSchema, postgresTestUrl } from '@disputekit/adapters/testRun';
import { storeUrlFor, untilLogShowsAll } from './testing/postgres';
import { tempFolder } from './testing/runCli';
import { runCliInProcess } from './testing/runCliInProcess';

/** Checkpoints of a PostgreSQL store: the tree in the store's schema, tampering with rows found and named. */
describeWithPostgres('signed checkpoints of a PostgreSQL store', () => {
  const folder = tempFolder('checkpoint_pg');
  const schema = freshSchema('cli_checkpoint');
  const store = storeUrlFor(schema);
  const key = join(folder.path, 'key.pem');
  const pub = join(folder.path, 'pub.pem');
  const checkpoint = join(folder.path, 'checkpoint.json');
  const sql = async (text: string): Promise<void> => {
    const client = new Client({ connectionString: postgresTestUrl });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
    await untilLogShowsAll(schema);
  };

  beforeAll(async () => {
    const pair = generateKeyPairSync('ed25519');
    writeFileSync(key, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(pub, pair.publicKey.export({ type: 'spki', format: 'pem' }));
    expect((await runCliInProcess(['demo', '--store', store])).code).toBe(0);
    await untilLogShowsAll(schema);
    expect((await runCliInProcess(['checkpoint', '--store', store, '--key', key, '--out', checkpoint])).code).toBe(0);
  }, 60_000);
  afterAll(async () => {
    folder.remove();
    await dropTestSchemas([schema]);
  });

  it('verifies untouched (exit 0), then names an edited recordedAt and a deleted dispute (exit 2)', async () => {
    const clean = await runCliInProcess(['verify', '--store', store, '--checkpoint', checkpoint, '--public-key', pub]);
    expect(clean.stdout).toMatch(/today's first \d+ events give its root/);
    expect(clean.code).toBe(0);
    await sql(`UPDATE "${schema}".events SET metadata = replace(metadata, '"recordedAt":"2026', '"recordedAt":"2025') WHERE stream_id = 'dispute-return-2002' AND version = 3`);
    const edited = await runCliInProcess(['verify', '--store', store, '--checkpoint', checkpoint, '--public-key', pub]);
    expect(edited.code).toBe(2);
    expect(edited.stdout).toMatch(/event #13 of the log was edited after the checkpoint: today it is dispute-return-2002@3 ReturnRequested/);
    // The edit undone, a whole dispute is deleted with its guard.
    await sql(`UPDATE "${schema}".events SET metadata = replace(metadata, '"recordedAt":"2025', '"recordedAt":"2026') WHERE stream_id = 'dispute-return-2002' AND version = 3`);
    expect((await runCliInProcess(['verify', '--store', store, '--checkpoint', checkpoint, '--public-key', pub])).code).toBe(0);
    await sql(`DELETE FROM "${schema}".events WHERE stream_id IN ('dispute-cancel-5005', 'order-order-5005')`);
    const deleted = await runCliInProcess(['verify', '--store', store, '--checkpoint', checkpoint, '--public-key', pub, '--json']);
    expect(deleted.code).toBe(2);
    expect(JSON.parse(deleted.stdout)).toMatchObject({ clean: false, checkpoints: [{ holds: false, changeKind: 'DELETED' }] });
  }, 60_000);
});
