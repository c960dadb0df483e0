import Database from 'better-sqlite3';
import { createInMemoryTreeStore, MerkleFrontier, type TreeState, type TreeStore } from '@disputekit/core';

/** The tables of the log's Merkle tree, beside the events in the same file. */
export const SQLITE_TREE_TABLES = { nodes: 'disputekit_merkle_nodes', leaves: 'disputekit_merkle_leaves', state: 'disputekit_merkle_state' } as const;

const T = SQLITE_TREE_TABLES;

/** Options of `createSqliteTreeStore`. */
export interface SqliteTreeStoreOptions {
  /** The store's SQLite file (the tree's tables are created in it when missing). */
  readonly filename: string;
  readonly busyTimeoutMs?: number;
  /** Create the tree's tables when missing (default true). With false, a file without them reads as an empty tree and nothing is written to it. */
  readonly create?: boolean;
}

const frontierBytes = (nodes: ReadonlyArray<Buffer>): Buffer => Buffer.concat(nodes);

const frontierOf = (size: number, bytes: Buffer): ReadonlyArray<Buffer> => {
  const count = MerkleFrontier.levelsOf(size).length;
  if (bytes.length !== count * 32) throw new Error(`The stored Merkle state of ${size} leaves has ${bytes.length} bytes of edge, not ${count * 32}.`);
  return Array.from({ length: count }, (_, i) => Buffer.from(bytes.subarray(i * 32, i * 32 + 32)));
};

/**
 * The log's Merkle tree (`TreeStore`) in the store's SQLite file, in its own tables: each leaf's
 * hash and global position, the complete subtrees' hashes from `LOWEST_STORED_LEVEL` up
 * (`(level, idx)`, 32 bytes), and the state to grow
 * from. Written by the checkpointer (`createMerkleLog(...).catchUp()`), one transaction a batch,
 * never by the event store's appends: it is derived from the events and can be dropped and rebuilt.
 */
export const createSqliteTreeStore = (options: SqliteTreeStoreOptions): TreeStore => {
  const db = new Database(options.filename, { timeout: options.busyTimeoutMs ?? 5000, readonly: options.create === false });
  if (options.create === false) {
    const present = db.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (?, ?, ?)`).pluck().get(T.nodes, T.leaves, T.state) as number;
    if (present < 3) {
      db.close();
      return createInMemoryTreeStore();
    }
  } else db.pragma('journal_mode = WAL');
  if (options.create !== false) db.exec(`
    CREATE TABLE IF NOT EXISTS ${T.nodes} (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS ${T.leaves} (idx INTEGER PRIMARY KEY, global_position INTEGER NOT NULL UNIQUE, hash BLOB NOT NULL);
    CREATE TABLE IF NOT EXISTS ${T.state} (id INTEGER PRIMARY KEY CHECK (id = 1), size INTEGER NOT NULL, last_global_position INTEGER NOT NULL, frontier BLOB NOT NULL);
  `);
  const statements = {
    load: db.prepare(`SELECT size, last_global_position AS lastGlobalPosition, frontier FROM ${T.state} WHERE id = 1`),
    node: db.prepare(`SELECT hash FROM ${T.nodes} WHERE level = ? AND idx = ?`).pluck(),
    leaves: db.prepare(`SELECT hash FROM ${T.leaves} WHERE idx >= ? AND idx < ? ORDER BY idx`).pluck(),
    positions: db.prepare(`SELECT global_position FROM ${T.leaves} WHERE idx >= ? AND idx < ? ORDER BY idx`).pluck(),
    indexOf: db.prepare(`SELECT idx FROM ${T.leaves} WHERE global_position = ?`).pluck(),
    insertNode: db.prepare(`INSERT OR REPLACE INTO ${T.nodes} (level, idx, hash) VALUES (?, ?, ?)`),
    insertLeaf: db.prepare(`INSERT OR REPLACE INTO ${T.leaves} (idx, global_position, hash) VALUES (?, ?, ?)`),
    saveState: db.prepare(`INSERT OR REPLACE INTO ${T.state} (id, size, last_global_position, frontier) VALUES (1, ?, ?, ?)`),
  };
  const grow = db.transaction((growth: Parameters<TreeStore['grow']>[0]) => {
    for (const node of growth.nodes) statements.insertNode.run(node.level, node.index, node.hash);
    for (const leaf of growth.leaves) statements.insertLeaf.run(leaf.index, leaf.globalPosition, leaf.hash);
    statements.saveState.run(growth.state.size, growth.state.lastGlobalPosition, frontierBytes(growth.state.frontier));
  });
  const clear = db.transaction(() => {
    db.exec(`DELETE FROM ${T.nodes}; DELETE FROM ${T.leaves}; DELETE FROM ${T.state};`);
  });
  return {
    load: async () => {
      const row = statements.load.get() as { size: number; lastGlobalPosition: number; frontier: Buffer } | undefined;
      return row === undefined ? undefined : ({ size: row.size, lastGlobalPosition: row.lastGlobalPosition, frontier: frontierOf(row.size, row.frontier) } satisfies TreeState);
    },
    grow: async (growth) => {
      grow.immediate(growth);
    },
    node: async (level, index) => {
      const hash = statements.node.get(level, index) as Buffer | undefined;
      if (hash === undefined) throw new RangeError(`The tree has no subtree (${level}, ${index}): it is not built that far.`);
      return hash;
    },
    leaves: async (from, to) => {
      const hashes = statements.leaves.all(from, to) as Buffer[];
      if (hashes.length !== Math.max(0, to - from)) throw new RangeError(`The tree has no leaf ${from + hashes.length}: it is not built that far.`);
      return hashes;
    },
    leafPositions: async (from, to) => statements.positions.all(from, to) as number[],
    leafIndexOf: async (globalPosition) => statements.indexOf.get(globalPosition) as number | undefined,
    clear: async () => {
      clear.immediate();
    },
    close: async () => {
      // The event store may be open read-only beside this writer and close after it: a read-only
      // connection cannot fold the WAL back into the file, so the writer does it here, leaving the
      // file whole (copied alone, it still holds the tree).
      if (options.create !== false) db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
};
