import { MerkleFrontier, type TreeGrowth, type TreeState, type TreeStore } from '@disputekit/core';
import { retryCatalogRace } from './catalogRace';
import type { PgQueryable, PostgresConnectionOptions } from './postgresClient';
import { openPostgresConnection, type PostgresConnection } from './postgresConnection';
import { DEFAULT_POSTGRES_SCHEMA } from './postgresSchema';

/** Options of `createPostgresTreeStore`: where to connect, and the store's schema (default `disputekit`). */
export type PostgresTreeStoreOptions = PostgresConnectionOptions & {
  readonly schema?: string;
  /** Create the tree's tables when missing (default true). With false, a schema without them reads as an empty tree. */
  readonly create?: boolean;
};

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

const toNumber = (value: unknown): number => (typeof value === 'string' ? Number(value) : (value as number));

/** What the tree store's functions share: the quoted schema, the options and the connection once opened. */
interface TreeContext {
  readonly options: PostgresTreeStoreOptions;
  readonly s: string;
  opened: Promise<PostgresConnection> | undefined;
  /** True when the tables are missing and may not be created: the tree reads as empty. */
  absent: boolean;
}

/** Opens the connection and creates the tables when missing (or, with `create: false`, notes whether they exist). */
const open = async (ctx: TreeContext): Promise<PostgresConnection> => {
  const { s } = ctx;
  const made = await openPostgresConnection(ctx.options);
  if (ctx.options.create === false) {
    const { rows } = await made.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [`${s}.merkle_state`]);
    ctx.absent = (rows[0] as { present: boolean } | undefined)?.present !== true;
    return made;
  }
  await retryCatalogRace(async () => {
    await made.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await made.query(`CREATE TABLE IF NOT EXISTS ${s}.merkle_nodes (level integer NOT NULL, idx bigint NOT NULL, hash bytea NOT NULL, PRIMARY KEY (level, idx))`);
    await made.query(`CREATE TABLE IF NOT EXISTS ${s}.merkle_leaves (idx bigint PRIMARY KEY, global_position bigint NOT NULL UNIQUE, hash bytea NOT NULL)`);
    await made.query(
      `CREATE TABLE IF NOT EXISTS ${s}.merkle_state (id integer PRIMARY KEY CHECK (id = 1), size bigint NOT NULL, last_global_position bigint NOT NULL, frontier bytea NOT NULL)`,
    );
  });
  return made;
};

/** The connection, opened on first use. */
const connection = (ctx: TreeContext): Promise<PostgresConnection> => {
  ctx.opened ??= open(ctx);
  return ctx.opened;
};

/** Runs one statement on the tree's connection. */
const query = async (ctx: TreeContext, text: string, values?: unknown[]) => (await connection(ctx)).query(text, values);

/** Writes one growth (new nodes, new leaves, the new state) in one transaction. */
const writeGrowth = async (ctx: TreeContext, client: PgQueryable, growth: TreeGrowth): Promise<void> => {
  const { s } = ctx;
  if (growth.nodes.length > 0) {
    await client.query(
      `INSERT INTO ${s}.merkle_nodes (level, idx, hash) SELECT * FROM unnest($1::integer[], $2::bigint[], $3::bytea[])
       ON CONFLICT (level, idx) DO UPDATE SET hash = EXCLUDED.hash`,
      [growth.nodes.map((n) => n.level), growth.nodes.map((n) => n.index), growth.nodes.map((n) => n.hash)],
    );
  }
  if (growth.leaves.length > 0) {
    await client.query(
      `INSERT INTO ${s}.merkle_leaves (idx, global_position, hash) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bytea[])
       ON CONFLICT (idx) DO UPDATE SET global_position = EXCLUDED.global_position, hash = EXCLUDED.hash`,
      [growth.leaves.map((l) => l.index), growth.leaves.map((l) => l.globalPosition), growth.leaves.map((l) => l.hash)],
    );
  }
  await client.query(
    `INSERT INTO ${s}.merkle_state (id, size, last_global_position, frontier) VALUES (1, $1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET size = EXCLUDED.size, last_global_position = EXCLUDED.last_global_position, frontier = EXCLUDED.frontier`,
    [growth.state.size, growth.state.lastGlobalPosition, Buffer.concat(growth.state.frontier)],
  );
};

/** `TreeStore.grow`: one transaction a batch, rolled back whole on a failure. */
const grow = async (ctx: TreeContext, growth: TreeGrowth): Promise<void> => {
  const pg = await connection(ctx);
  await pg.withConnection(
    async (client) => {
      await client.query('BEGIN');
      try {
        await writeGrowth(ctx, client, growth);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    () => true,
  );
};

/** `TreeStore.load`: the stored state to grow from, or undefined for an empty (or absent) tree. */
const load = async (ctx: TreeContext): Promise<TreeState | undefined> => {
  await connection(ctx);
  if (ctx.absent) return undefined;
  const { rows } = await query(ctx, `SELECT size, last_global_position, frontier FROM ${ctx.s}.merkle_state WHERE id = 1`);
  const row = rows[0] as { size: unknown; last_global_position: unknown; frontier: Buffer } | undefined;
  if (row === undefined) return undefined;
  const size = toNumber(row.size);
  const count = MerkleFrontier.levelsOf(size).length;
  if (row.frontier.length !== count * 32) throw new Error(`The stored Merkle state of ${size} leaves has ${row.frontier.length} bytes of edge, not ${count * 32}.`);
  return { size, lastGlobalPosition: toNumber(row.last_global_position), frontier: Array.from({ length: count }, (_, i) => Buffer.from(row.frontier.subarray(i * 32, i * 32 + 32))) };
};

/**
 * The log's Merkle tree (`TreeStore`) in the store's PostgreSQL schema, in its own tables
 * (`merkle_nodes`, `merkle_leaves`, `merkle_state`, created when missing): each leaf's hash and
 * global position, the complete subtrees' hashes from `LOWEST_STORED_LEVEL` up, and the state to grow from. Written by the checkpointer, one
 * transaction a batch, never by the appends: it is derived from the events and can be rebuilt.
 */
export const createPostgresTreeStore = (options: PostgresTreeStoreOptions): TreeStore => {
  const schema = options.schema ?? DEFAULT_POSTGRES_SCHEMA;
  if (!SCHEMA_NAME.test(schema)) throw new TypeError(`createPostgresTreeStore: ${JSON.stringify(schema)} is not a valid schema name`);
  const ctx: TreeContext = { options, s: `"${schema}"`, opened: undefined, absent: false };
  const { s } = ctx;
  return {
    load: () => load(ctx),
    grow: (growth) => grow(ctx, growth),
    node: async (level, index) => {
      const { rows } = await query(ctx, `SELECT hash FROM ${s}.merkle_nodes WHERE level = $1 AND idx = $2`, [level, index]);
      const row = rows[0] as { hash: Buffer } | undefined;
      if (row === undefined) throw new RangeError(`The tree has no subtree (${level}, ${index}): it is not built that far.`);
      return row.hash;
    },
    leaves: async (from, to) => {
      const { rows } = await query(ctx, `SELECT hash FROM ${s}.merkle_leaves WHERE idx >= $1 AND idx < $2 ORDER BY idx`, [from, to]);
      if (rows.length !== Math.max(0, to - from)) throw new RangeError(`The tree has no leaf ${from + rows.length}: it is not built that far.`);
      return (rows as Array<{ hash: Buffer }>).map((row) => row.hash);
    },
    leafPositions: async (from, to) => {
      const { rows } = await query(ctx, `SELECT global_position FROM ${s}.merkle_leaves WHERE idx >= $1 AND idx < $2 ORDER BY idx`, [from, to]);
      return (rows as Array<{ global_position: unknown }>).map((row) => toNumber(row.global_position));
    },
    leafIndexOf: async (globalPosition) => {
      const { rows } = await query(ctx, `SELECT idx FROM ${s}.merkle_leaves WHERE global_position = $1`, [globalPosition]);
      const row = rows[0] as { idx: unknown } | undefined;
      return row === undefined ? undefined : toNumber(row.idx);
    },
    clear: async () => {
      await query(ctx, `TRUNCATE ${s}.merkle_nodes, ${s}.merkle_leaves, ${s}.merkle_state`);
    },
    close: async () => {
      if (ctx.opened !== undefined) await (await ctx.opened).close();
    },
  };
};
