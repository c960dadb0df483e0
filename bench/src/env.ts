/**
 * Where the bench's stores live: temporary SQLite files, and one fresh PostgreSQL schema per
 * worker (dropped when the worker ends), on the local server unless BENCH_PG_URL says otherwise.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** The PostgreSQL server (issue 6: 127.0.0.1:5432, user postgres, database test, trust auth). */
export const PG_URL = process.env['BENCH_PG_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';

/** The repository root (bench's parent). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** True when a workspace source file exists (a package not written yet makes its contender unavailable). */
export const hasSource = (relative: string): boolean => existsSync(join(repoRoot, relative));

/** A fresh temporary directory, removed by `remove`. */
export const tempDir = (prefix: string): { path: string; remove: () => void } => {
  const path = mkdtempSync(join(tmpdir(), `disputekit-bench-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
};

/** Why PostgreSQL cannot be used, or undefined when it answers. */
export const pgUnavailable = async (): Promise<string | undefined> => {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${PG_URL} is not reachable (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await client.end().catch(() => undefined);
  }
};

/** A fresh schema for one worker; `url` puts it first on the search_path of every connection. */
export interface BenchSchema {
  readonly name: string;
  readonly url: string;
  readonly drop: () => Promise<void>;
}

/** Creates `bench_{pid}_{time}` and returns a connection string whose search_path is that schema. */
export const freshSchema = async (label: string): Promise<BenchSchema> => {
  const name = `bench_${label.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 20)}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${name}`);
  await admin.end();
  const separator = PG_URL.includes('?') ? '&' : '?';
  const url = `${PG_URL}${separator}options=${encodeURIComponent(`-c search_path=${name}`)}`;
  return {
    name,
    url,
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`drop schema if exists ${name} cascade`);
      await client.end();
    },
  };
};

/** Splits `count` items into `lanes` interleaved lanes and runs each lane's items in order, the lanes concurrently. */
export const inLanes = async (count: number, lanes: number, work: (index: number) => Promise<void>): Promise<void> => {
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let index = lane; index < count; index += lanes) await work(index);
    }),
  );
};
