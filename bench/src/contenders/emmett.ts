/**
 * Emmett contenders: disputekit's own decide/evolve wrapped in Emmett's DeciderCommandHandler, so the
 * domain work is identical; Emmett's stores do the rest. Commands arrive as the same plain JSON as
 * disputekit's service gets and are validated with the same `parseCommand` first.
 */
import { DeciderCommandHandler, EmmettError, getInMemoryEventStore, type EventStore } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { getSQLiteEventStore, SQLiteConnectionPool, sqliteConnection } from '@event-driven-io/emmett-sqlite';
import * as E from 'fp-ts/lib/Either.js';
import { decide, evolve, initialState, parseCommand, type DisputeCommand, type DisputeEvent, type DisputeState } from '@disputekit/core';
import type { CommandJson, StoredEventJson } from '../workload';
import { streamName } from '../workload';

/** An Emmett command carrying one of our typed commands. */
type EmmettCommand = { type: DisputeCommand['type']; data: DisputeCommand };

/** Our decider as Emmett's: decide throws Emmett's error on a refusal (Emmett's convention), evolve is ours. */
export const disputeHandler = DeciderCommandHandler<DisputeState, EmmettCommand, DisputeEvent>({
  decide: (command, state) => {
    const decision = decide(command.data, state);
    if (E.isLeft(decision)) throw new EmmettError(decision.left.message);
    return [...decision.right];
  },
  evolve: (state, event) => evolve(state, event),
  initialState: () => initialState,
});

/** Handles one command JSON: parse with our codec, then Emmett's handler (read, fold, decide, append). */
export const handleWithEmmett = async (store: EventStore, json: CommandJson): Promise<void> => {
  const parsed = parseCommand(json);
  if (E.isLeft(parsed)) throw new Error(`emmett: invalid command: ${parsed.left.message}`);
  await disputeHandler(store, streamName(parsed.right.disputeId), { type: parsed.right.type, data: parsed.right });
};

/** Folds a stream with Emmett's aggregateStream and our evolve; returns the number of events read. */
export const loadWithEmmett = async (store: EventStore, disputeId: string): Promise<number> => {
  const result = await store.aggregateStream<DisputeState, DisputeEvent>(streamName(disputeId), { evolve, initialState: () => initialState });
  return result.state.version;
};

/** Appends stored events (setup) in chunks, as Emmett events `{ type, data }`. */
export const appendStoredWithEmmett = async (store: EventStore, disputeId: string, stored: ReadonlyArray<StoredEventJson>, chunk = 1_000): Promise<void> => {
  for (let i = 0; i < stored.length; i += chunk) {
    const events = stored.slice(i, i + chunk).map((s) => ({ type: s.type, data: s.data }));
    await store.appendToStream(streamName(disputeId), events as unknown as DisputeEvent[]);
  }
};

/** Emmett's in-memory store. */
export const emmettInMemory = (): EventStore => getInMemoryEventStore();

/**
 * Emmett's SQLite store on a file (node-sqlite3, Emmett's own pragmas). By default Emmett opens and
 * closes a connection per operation on a file; we give it one long-lived connection (its `singleton`
 * pool option), its fastest documented setup.
 */
export const emmettSqlite = (fileName: string) => {
  const connection = sqliteConnection({ fileName });
  const pool = SQLiteConnectionPool({ fileName, connectionOptions: { singleton: true, connection } });
  const store = getSQLiteEventStore({ fileName, pool, schema: { autoMigration: 'CreateOrUpdate' } });
  return Object.assign(store, { close: async () => connection.close() });
};

/** Emmett's PostgreSQL store (its own pg pool). */
export const emmettPostgres = (url: string) => getPostgreSQLEventStore(url);
