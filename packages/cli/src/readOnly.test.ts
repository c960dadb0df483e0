import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createSqliteEventStore } from '@disputekit/adapters/sqlite';
import { hostileHistory } from './testing/hostileHistory';
import { describeWithPostgres, dropTestSchemas, freshSchema } from '@disputekit/adapters/testRun';
import { storeUrlFor } from './testing/postgres';
import { tempFolder } from './testing/runCli';
import { runCliInProcess } from './testing/runCliInProcess';

/**
 * Defect 9 of issue 11: `verify` on an unrelated SQLite file said "Clean" and created disputekit's
 * tables in it; an empty store or history said "Clean" too. Reading commands open stores read-only,
 * refuse what is not a disputekit store without changing it, and report emptiness with exit 3.
 */
const EXIT_EMPTY = 3;
const digest = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('reading commands open SQLite stores read-only', () => {
  const folder = tempFolder('readonly');
  const unrelated = join(folder.path, 'invoices.db');
  const notSqlite = join(folder.path, 'notes.db');
  const empty = join(folder.path, 'empty.db');
  const full = join(folder.path, 'full.db');
  const history = join(folder.path, 'history.jsonl');

  beforeAll(async () => {
    const other = new Database(unrelated);
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER); INSERT INTO invoices (total) VALUES (4200);');
    other.close();
    writeFileSync(notSqlite, 'remember the milk\n');
    await createSqliteEventStore({ filename: empty }).close();
    writeFileSync(history, hostileHistory());
    expect((await runCliInProcess(['import', '--store', `sqlite:${full}`, '--file', history])).code).toBe(0);
  }, 60_000);
  afterAll(() => folder.remove());

  it.each([
    ['verify', ['verify']],
    ['audit', ['audit', 'silent-3003']],
    ['export', ['export']],
    ['rebuild', ['rebuild']],
  ])('%s refuses an unrelated SQLite file and leaves it byte for byte as it was', async (_, args) => {
    const before = digest(unrelated);
    const listing = readdirSync(folder.path).sort();
    const run = await runCliInProcess([...args, '--store', `sqlite:${unrelated}`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: .*invoices\.db.*not a disputekit event store/m);
    expect(run.stderr).toMatch(/^hint: /m);
    expect(run.stdout).not.toContain('Clean');
    expect(digest(unrelated)).toBe(before);
    expect(readdirSync(folder.path).sort()).toEqual(listing);
  });

  it('verify and demo refuse a folder given as the SQLite file', async () => {
    for (const args of [['verify'], ['demo']]) {
      const run = await runCliInProcess([...args, '--store', `sqlite:${folder.path}`]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^error: .*is a folder, not a file/m);
      expect(run.stderr).toMatch(/^hint: /m);
    }
  });

  it('verify refuses a file that is not SQLite at all, unchanged', async () => {
    const before = digest(notSqlite);
    const run = await runCliInProcess(['verify', '--store', `sqlite:${notSqlite}`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: .*notes\.db/m);
    expect(digest(notSqlite)).toBe(before);
  });

  it('verify, audit and export leave a disputekit store file byte for byte as it was', async () => {
    const before = digest(full);
    expect((await runCliInProcess(['verify', '--store', `sqlite:${full}`])).code).toBe(0);
    expect((await runCliInProcess(['audit', 'silent-3003', '--store', `sqlite:${full}`])).code).toBe(0);
    expect((await runCliInProcess(['export', '--store', `sqlite:${full}`])).code).toBe(0);
    expect(digest(full)).toBe(before);
  });

  it('verify reports an empty store as empty, exit 3, in text and JSON', async () => {
    const text = await runCliInProcess(['verify', '--store', `sqlite:${empty}`]);
    expect(text.code).toBe(EXIT_EMPTY);
    expect(text.stdout).toMatch(/Empty/);
    expect(text.stdout).not.toContain('Clean');
    expect(text.stdout).not.toContain('✔');
    const json = await runCliInProcess(['verify', '--store', `sqlite:${empty}`, '--json']);
    expect(json.code).toBe(EXIT_EMPTY);
    expect(JSON.parse(json.stdout)).toMatchObject({ events: 0, empty: true, clean: false });
  });

  it('export and audit say that the store is empty, exit 3', async () => {
    const exported = await runCliInProcess(['export', '--store', `sqlite:${empty}`]);
    expect(exported.code).toBe(EXIT_EMPTY);
    expect(exported.stdout).toBe('');
    expect(exported.stderr).toMatch(/empty/i);
    const audit = await runCliInProcess(['audit', 'd-1', '--store', `sqlite:${empty}`]);
    expect(audit.code).toBe(EXIT_EMPTY);
    expect(audit.stderr).toMatch(/empty/i);
  });

  it('replay and import report an empty history (no bytes, or blank lines only) as empty, exit 3', async () => {
    for (const content of ['', '\n\n  \n']) {
      const file = join(folder.path, `empty-${content.length}.jsonl`);
      writeFileSync(file, content);
      const replay = await runCliInProcess(['replay', '--file', file]);
      expect(replay.code).toBe(EXIT_EMPTY);
      expect(replay.stdout).toMatch(/Empty/);
      expect(replay.stdout).not.toContain('Clean');
      const json = await runCliInProcess(['replay', '--file', file, '--json']);
      expect(json.code).toBe(EXIT_EMPTY);
      expect(JSON.parse(json.stdout.trim())).toMatchObject({ kind: 'summary', empty: true, clean: false });
      const target = join(folder.path, `never-${content.length}.db`);
      const imported = await runCliInProcess(['import', '--store', `sqlite:${target}`, '--file', file]);
      expect(imported.code).toBe(EXIT_EMPTY);
      expect(imported.stdout).toMatch(/Nothing was imported/);
      expect(readdirSync(folder.path)).not.toContain(`never-${content.length}.db`);
    }
  });
});

describeWithPostgres('reading commands open PostgreSQL stores read-only', (postgresUrl) => {
  const admin = new pg.Pool({ connectionString: postgresUrl, max: 2 });
  const schemas = { missing: freshSchema('cli11_missing'), unrelated: freshSchema('cli11_unrelated'), empty: freshSchema('cli11_empty') };
  const tablesOf = async (schema: string): Promise<string[]> =>
    (await admin.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [schema])).rows.map((row: { table_name: string }) => row.table_name);
  const schemaExists = async (schema: string): Promise<boolean> => (await admin.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema])).rows.length === 1;

  beforeAll(async () => {
    await admin.query(`CREATE SCHEMA "${schemas.unrelated}"`);
    await admin.query(`CREATE TABLE "${schemas.unrelated}".invoices (id serial PRIMARY KEY, total integer)`);
    const { migratePostgres } = await import('@disputekit/adapters/postgres');
    const migrated = await migratePostgres({ connectionString: postgresUrl }, { schema: schemas.empty });
    expect(migrated._tag).toBe('Right');
  }, 60_000);
  afterAll(async () => {
    try {
      await dropTestSchemas(Object.values(schemas), postgresUrl);
    } finally {
      await admin.end();
    }
  }, 60_000);

  it.each([['verify'], ['export'], ['audit']])('%s refuses a schema that does not exist, and creates nothing', async (command) => {
    const args = command === 'audit' ? ['audit', 'd-1'] : [command];
    const run = await runCliInProcess([...args, '--store', storeUrlFor(schemas.missing)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: .*holds no disputekit event store/m);
    expect(run.stderr).toMatch(/^hint: /m);
    expect(await schemaExists(schemas.missing)).toBe(false);
  }, 30_000);

  it('verify refuses a schema of other tables and leaves it as it was', async () => {
    const run = await runCliInProcess(['verify', '--store', storeUrlFor(schemas.unrelated)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: .*holds no disputekit event store/m);
    expect(await tablesOf(schemas.unrelated)).toEqual(['invoices']);
  }, 30_000);

  it('verify reports an empty store as empty, exit 3', async () => {
    const run = await runCliInProcess(['verify', '--store', storeUrlFor(schemas.empty)]);
    expect(run.code).toBe(EXIT_EMPTY);
    expect(run.stdout).toMatch(/Empty/);
    expect(run.stdout).not.toContain('Clean');
  }, 30_000);
});
