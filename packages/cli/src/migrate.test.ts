import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_SCHEMA_VERSION } from '@disputekit/adapters/sqlite';
import { POSTGRES_SCHEMA_VERSION } from '@disputekit/adapters/postgres';
import { describeWithPostgres, dropTestSchemas, freshSchema, testTempFolder } from '@disputekit/adapters/testRun';
import { storeUrlFor } from './testing/postgres';
import { runCliInProcess } from './testing/runCliInProcess';

/** `disputekit migrate --store URL`, run in-process: what it does to each kind of store, and what it says. */
describe('disputekit migrate', () => {
  it('says an in-memory store has nothing to migrate', async () => {
    const run = await runCliInProcess(['migrate', '--store', 'memory:']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('nothing to migrate');
  });

  it('says KurrentDB needs no migration, without connecting', async () => {
    const run = await runCliInProcess(['migrate', '--store', 'kurrentdb://127.0.0.1:1?tls=false', '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toMatchObject({ kind: 'eventstoredb', message: expect.stringContaining('needs no migration') });
  });

  describe('SQLite', () => {
    const temp = testTempFolder('migrate');
    const folder = temp.path;
    afterAll(() => temp.remove());

    it('creates the file at the current schema version, then finds it up to date', async () => {
      const file = join(folder, 'new.db');
      const first = await runCliInProcess(['migrate', '--store', `sqlite:${file}`, '--json']);
      expect(first).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(first.stdout)).toMatchObject({ kind: 'sqlite', from: 0, to: SQLITE_SCHEMA_VERSION });
      const db = new Database(file, { readonly: true });
      try {
        expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'disputekit_events'").get()).toEqual({ name: 'disputekit_events' });
      } finally {
        db.close();
      }
      const again = await runCliInProcess(['migrate', '--store', `sqlite:${file}`]);
      expect(again).toMatchObject({ code: 0, stderr: '' });
      expect(again.stdout).toContain(`is up to date (schema version ${SQLITE_SCHEMA_VERSION})`);
      // The migrated file is a store the read-only commands open: verify finds it empty (exit 3), not foreign (exit 1).
      const verified = await runCliInProcess(['verify', '--store', `sqlite:${file}`, '--json']);
      expect(verified.code).toBe(3);
      expect(JSON.parse(verified.stdout)).toMatchObject({ empty: true });
    });

    it('names the file it cannot create', async () => {
      const run = await runCliInProcess(['migrate', '--store', `sqlite:${join(folder, 'no-such-folder', 'x.db')}`]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('no-such-folder');
      expect(run.stderr).toContain('hint:');
    });
  });

  it('refuses an unknown store URL, listing the forms', async () => {
    const run = await runCliInProcess(['migrate', '--store', 'mysql://localhost/x']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Unknown store URL');
  });

  it('says why it cannot reach a PostgreSQL server (nothing listens on port 1)', async () => {
    const run = await runCliInProcess(['migrate', '--store', 'postgres://postgres@127.0.0.1:1/none']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Cannot migrate');
    expect(run.stderr).toContain('hint:');
  }, 30_000);

  describeWithPostgres('PostgreSQL', () => {
    const schema = freshSchema('cli_migrate');
    afterAll(() => dropTestSchemas([schema]));

    it('runs migratePostgres: creates the schema, then finds it up to date', async () => {
      const first = await runCliInProcess(['migrate', '--store', storeUrlFor(schema), '--json']);
      expect(first).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(first.stdout)).toMatchObject({ kind: 'postgres', from: 0, to: POSTGRES_SCHEMA_VERSION });
      const again = await runCliInProcess(['migrate', '--store', storeUrlFor(schema)]);
      expect(again.stdout).toContain(`schema ${schema} is up to date (schema version ${POSTGRES_SCHEMA_VERSION})`);
      const verified = await runCliInProcess(['verify', '--store', storeUrlFor(schema), '--json']);
      expect(verified.code).toBe(3); // migrated and empty: opened read-only, reported as Empty
      expect(JSON.parse(verified.stdout)).toMatchObject({ empty: true });
    }, 30_000);
  });
});
