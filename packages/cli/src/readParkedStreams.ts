import { existsSync } from 'node:fs';
import type { ParkedEntry } from './commands/parkedReport';
import type { OpenedStore } from './storeUrl';

/** One `rm_parked` row with the generation it belongs to, and the generation its read model serves. */
interface ParkedRow {
  readonly projection: string;
  readonly generation: number;
  readonly stream_id: string;
  readonly global_position: number | string;
  readonly version: number;
  readonly reason: string;
  /** The catalog entry's JSON (`{ active: { generation } }`), when the catalog has one. */
  readonly entry: string | null;
}

const PARKED_SQL = (parked: string, catalog: string | undefined): string =>
  catalog === undefined
    ? `SELECT projection, generation, stream_id, global_position, version, reason, NULL AS entry FROM ${parked} ORDER BY global_position, projection`
    : `SELECT p.projection, p.generation, p.stream_id, p.global_position, p.version, p.reason, c.entry FROM ${parked} p LEFT JOIN ${catalog} c ON c.projection = p.projection ORDER BY p.global_position, p.projection`;

const activeGeneration = (entry: string | null): number | undefined => {
  if (entry === null) return undefined;
  try {
    const parsed = JSON.parse(entry) as { active?: { generation?: unknown } };
    return typeof parsed.active?.generation === 'number' ? parsed.active.generation : undefined;
  } catch {
    return undefined;
  }
};

/** The rows of the generations that serve queries (a generation being rebuilt beside it is not reported). */
const servedRows = (rows: ReadonlyArray<ParkedRow>): ParkedEntry[] =>
  rows
    .filter((row) => {
      const active = activeGeneration(row.entry);
      return active === undefined || active === Number(row.generation);
    })
    .map((row) => ({ projection: row.projection, streamId: row.stream_id, globalPosition: Number(row.global_position), version: Number(row.version), reason: row.reason }));

const readSqlite = async (filename: string): Promise<ParkedEntry[]> => {
  if (filename === ':memory:' || !existsSync(filename)) return [];
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(filename, { readonly: true, fileMustExist: true });
  try {
    const tables = new Set((db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('rm_parked', 'rm_catalog')`).all() as Array<{ name: string }>).map((t) => t.name));
    if (!tables.has('rm_parked')) return [];
    return servedRows(db.prepare(PARKED_SQL('rm_parked', tables.has('rm_catalog') ? 'rm_catalog' : undefined)).all() as ParkedRow[]);
  } finally {
    db.close();
  }
};

const readPostgres = async (connectionString: string, schema: string): Promise<ParkedEntry[]> => {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('BEGIN READ ONLY');
    const quoted = `"${schema.replace(/"/g, '""')}"`;
    const found = await client.query<{ parked: string | null; catalog: string | null }>(
      `SELECT to_regclass($1)::text AS parked, to_regclass($2)::text AS catalog`,
      [`${quoted}.rm_parked`, `${quoted}.rm_catalog`],
    );
    const tables = found.rows[0];
    if (tables?.parked == null) return [];
    const result = await client.query<ParkedRow>(PARKED_SQL(`${quoted}.rm_parked`, tables.catalog == null ? undefined : `${quoted}.rm_catalog`));
    return servedRows(result.rows);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
  }
};

/**
 * The streams the store's read models have parked (an event that does not decode), read from the
 * read-side tables beside the events (`rm_parked` in the SQLite file or PostgreSQL schema) without
 * creating or changing anything: none when the store has no such table (or keeps no read side).
 */
export const readParkedStreams = async (store: OpenedStore): Promise<ParkedEntry[]> => {
  switch (store.spec.kind) {
    case 'sqlite':
      return readSqlite(store.spec.filename);
    case 'postgres':
      return readPostgres(store.spec.connectionString, store.spec.schema ?? 'disputekit');
    default:
      return [];
  }
};
