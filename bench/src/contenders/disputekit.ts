/**
 * disputekit contenders: its stores (packages/adapters) and its service (createDisputeService), from
 * the workspace sources (tsx + bench/tsconfig.json paths). Stores not written yet make their
 * contenders unavailable instead of failing the run.
 */
import * as E from 'fp-ts/lib/Either.js';
import { createDisputeService, fixedClock, type DisputeService, type EventStore, type NewEvent } from '@disputekit/core';
import { hasSource } from '../env';
import { counters } from '../harness';
import { streamName, type CommandJson, type StoredEventJson } from '../workload';

/** The source file of each store's entry point. */
const storeSources = {
  memory: 'packages/adapters/src/memory/index.ts',
  sqlite: 'packages/adapters/src/sqlite/index.ts',
  postgres: 'packages/adapters/src/postgres/index.ts',
} as const;

/** Which store. */
export type StoreKind = keyof typeof storeSources;

/** Why a disputekit store cannot be benchmarked yet, or undefined. */
export const storeUnavailable = (kind: StoreKind): string | undefined =>
  hasSource(storeSources[kind]) ? undefined : `not available yet: ${storeSources[kind]} does not exist`;

/** Options of a PostgreSQL store in the bench: a schema of its own, migrated on first use. */
export interface PostgresTarget {
  readonly url: string;
  readonly schema: string;
  readonly poolSize?: number;
  /** Batch concurrent appends into shared transactions (`groupCommit`). */
  readonly groupCommit?: boolean;
}

/** Opens a disputekit store: memory, SQLite on `target` (a file), PostgreSQL at `target` (a URL). */
export const openStore = async (kind: StoreKind, target: string | PostgresTarget = ''): Promise<EventStore> => {
  switch (kind) {
    case 'memory': {
      const { createInMemoryEventStore } = await import('@disputekit/adapters/memory');
      return createInMemoryEventStore();
    }
    case 'sqlite': {
      const module = (await import('@disputekit/adapters/sqlite')) as { createSqliteEventStore: (o: { filename: string }) => EventStore | Promise<EventStore> };
      if (typeof target !== 'string') throw new Error('openStore(sqlite): the target is a file name');
      return module.createSqliteEventStore({ filename: target });
    }
    case 'postgres': {
      const module = (await import('@disputekit/adapters/postgres')) as {
        createPostgresEventStore: (o: { connectionString: string; schema: string; migrate: boolean; poolSize?: number; groupCommit?: boolean }) => EventStore | Promise<EventStore>;
      };
      if (typeof target === 'string') throw new Error('openStore(postgres): the target is { url, schema }');
      return module.createPostgresEventStore({
        connectionString: target.url,
        schema: target.schema,
        migrate: true,
        ...(target.poolSize === undefined ? {} : { poolSize: target.poolSize }),
        ...(target.groupCommit === true ? { groupCommit: true } : {}),
      });
    }
  }
};

/** The service over a store, with a fixed clock so runs are comparable; its observations are counted. */
export const serviceOver = (store: EventStore): DisputeService =>
  createDisputeService({
    store,
    clock: fixedClock('2026-03-20T00:00:00.000Z'),
    observe: (observation) => {
      counters[`service ${observation._tag}`] = (counters[`service ${observation._tag}`] ?? 0) + 1;
    },
  });

/** Handles one command JSON with the service; a refusal is a bench bug and throws. */
export const handleWithDisputekit = async (service: DisputeService, json: CommandJson): Promise<void> => {
  const result = await service.handle(json);
  if (E.isLeft(result)) throw new Error(`disputekit: ${json.type} of ${json.disputeId} failed: ${result.left._tag}: ${result.left.message}`);
};

/** Loads (reads, decodes with the codecs, folds) one dispute; returns its version. */
export const loadWithDisputekit = async (service: DisputeService, disputeId: string): Promise<number> => {
  const result = await service.load(disputeId);
  if (E.isLeft(result)) throw new Error(`disputekit: load of ${disputeId} failed: ${result.left._tag}: ${result.left.message}`);
  return result.right.version;
};

/** Appends stored events (setup) in chunks with the expected version checked. */
export const appendStoredWithDisputekit = async (store: EventStore, disputeId: string, stored: ReadonlyArray<StoredEventJson>, chunk = 1_000): Promise<void> => {
  for (let i = 0; i < stored.length; i += chunk) {
    const events = stored.slice(i, i + chunk) as unknown as NewEvent[];
    const appended = await store.appendToStream(streamName(disputeId), events, { expectedVersion: i === 0 ? 'no_stream' : i });
    if (E.isLeft(appended)) throw new Error(`disputekit: setup append failed: ${appended.left.message}`);
  }
};

/** Closes a store if it can be closed. */
export const closeStore = async (store: EventStore): Promise<void> => {
  await store.close();
};
