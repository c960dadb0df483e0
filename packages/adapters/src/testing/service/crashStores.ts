import type { EventStore } from '@disputekit/core';
import { createPostgresEventStore } from '../../postgres/index';
import { createSqliteEventStore } from '../../sqlite/index';

/** Where the crash child writes: a SQLite file, or a PostgreSQL database (one schema), its appends batched when `groupCommit`. */
export type CrashStoreSpec =
  | { readonly kind: 'sqlite'; readonly filename: string }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly schema: string; readonly groupCommit?: boolean };

/** Opens the store a spec names (the child and the checks after each kill use the same one). */
export const openCrashStore = async (spec: CrashStoreSpec): Promise<EventStore> => {
  switch (spec.kind) {
    case 'sqlite':
      return createSqliteEventStore({ filename: spec.filename });
    case 'postgres':
      return createPostgresEventStore({ connectionString: spec.connectionString, schema: spec.schema, migrate: true, poolSize: 4, groupCommit: spec.groupCommit === true });
  }
};
