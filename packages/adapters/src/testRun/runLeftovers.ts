import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { postgresTestUrl } from './postgresTestServer';
import { runFolderPrefix, runSchemaPrefix } from './testNames';

/** What `removeRunLeftovers` found and removed. */
export interface RunLeftovers {
  readonly schemas: ReadonlyArray<string>;
  readonly databases: ReadonlyArray<string>;
  readonly folders: ReadonlyArray<string>;
  /** Why the server could not be cleaned (unreachable), if it could not. */
  readonly serverProblem?: string;
}

const likePrefix = (prefix: string): string => `${prefix.replace(/[\\_%]/g, (c) => `\\${c}`)}%`;

/**
 * Removes what the run `runId` left: schemas and databases named `dk_t_<runId>_…` on the test
 * server and folders `<tmpdir>/disputekit-t-<runId>-…`. Nothing of any other run is touched.
 */
export const removeRunLeftovers = async (runId: string, url = postgresTestUrl): Promise<RunLeftovers> => {
  const folderPrefix = runFolderPrefix(runId);
  const folders = readdirSync(tmpdir()).filter((name) => name.startsWith(folderPrefix));
  for (const name of folders) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  const like = likePrefix(runSchemaPrefix(runId));
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    return { schemas: [], databases: [], folders, serverProblem: error instanceof Error ? error.message : String(error) };
  }
  try {
    const schemas = (await client.query<{ name: string }>('SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE $1 ORDER BY 1', [like])).rows.map((r) => r.name);
    for (const name of schemas) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    const databases = (await client.query<{ name: string }>('SELECT datname AS name FROM pg_database WHERE datname LIKE $1 ORDER BY 1', [like])).rows.map((r) => r.name);
    for (const name of databases) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    return { schemas, databases, folders };
  } finally {
    await client.end();
  }
};
