import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { dropTestSchemas } from './postgresTestServer';
import { describeWithPostgres } from './postgresTests';
import { removeRunLeftovers } from './runLeftovers';
import { runFolderPrefix, runSchemaPrefix } from './testNames';
import { newTestRunId } from './testRunId';

describeWithPostgres("the global teardown's cleanup", (url) => {
  // Two made-up runs, so that neither is this run: one is cleaned, the other must be left alone.
  const mine = newTestRunId();
  const theirs = newTestRunId();
  const schemas = [`${runSchemaPrefix(mine)}1_a_1`, `${runSchemaPrefix(mine)}2_b_2`, `${runSchemaPrefix(theirs)}1_a_1`];
  const folders = [join(tmpdir(), `${runFolderPrefix(mine)}a-x1`), join(tmpdir(), `${runFolderPrefix(theirs)}a-x1`)];
  afterAll(async () => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    await dropTestSchemas(schemas, url);
  });

  it("removes one run's schemas and folders, and nothing of another run", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const schema of schemas) await client.query(`CREATE SCHEMA "${schema}"`);
      for (const folder of folders) mkdirSync(folder);
      const removed = await removeRunLeftovers(mine, url);
      expect(removed).toEqual({ schemas: schemas.slice(0, 2), databases: [], folders: [`${runFolderPrefix(mine)}a-x1`] });
      const left = await client.query<{ name: string }>('SELECT nspname AS name FROM pg_namespace WHERE nspname = ANY($1) ORDER BY 1', [schemas]);
      expect(left.rows.map((r) => r.name)).toEqual([schemas[2]]);
      expect(folders.map((folder) => existsSync(folder))).toEqual([false, true]);
    } finally {
      await client.end();
    }
  });
});
