import { createInMemoryTreeStore, type TreeStore } from '@disputekit/core';
import type { OpenedStore } from './storeUrl';

/**
 * Opens where a store keeps its log's Merkle tree: tables beside the events in the same SQLite
 * file or PostgreSQL schema; in memory for `memory:` and EventStoreDB (there it is rebuilt from the
 * events on each run, which costs one pass over the log). With `create: false` (verify), nothing is
 * created: a store without the tables reads as an empty tree.
 */
export const openTreeStore = async (store: OpenedStore, options: { readonly create: boolean } = { create: true }): Promise<TreeStore> => {
  switch (store.spec.kind) {
    case 'sqlite': {
      const { createSqliteTreeStore } = await import('@disputekit/adapters/sqlite');
      return createSqliteTreeStore({ filename: store.spec.filename, create: options.create });
    }
    case 'postgres': {
      const { createPostgresTreeStore } = await import('@disputekit/adapters/postgres');
      return createPostgresTreeStore({ connectionString: store.spec.connectionString, ...(store.spec.schema === undefined ? {} : { schema: store.spec.schema }), create: options.create });
    }
    default:
      return createInMemoryTreeStore();
  }
};
