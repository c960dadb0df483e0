import * as E from 'fp-ts/lib/Either.js';
import { storeClosed, type StoreError, type StreamId } from '@disputekit/core';
import { START, STREAM_NAME, type EventStoreDbClient, type EventStoreDbFilter, type EventStoreDbPosition, type EventStoreDbSubscription } from './eventStoreDbClient';
import { eventStoreDbFailure } from './eventStoreDbErrors';
import type { EventStoreDbEventStoreOptions } from './eventStoreDbEventStore';

/** What every operation of one EventStoreDB store shares: its options, its `$all` filter, its client and subscriptions. */
export interface EventStoreDbStore {
  readonly options: EventStoreDbEventStoreOptions;
  readonly prefixes: ReadonlyArray<string>;
  readonly filter: EventStoreDbFilter;
  readonly subscriptions: Set<EventStoreDbSubscription>;
  closed: boolean;
  /** The client being made or made (once; forgotten after a failure so the next operation tries again). */
  opening: Promise<EventStoreDbClient> | undefined;
}

/** A store's shared state, reading `$all` through a filter on `prefixes`. */
export const eventStoreDbStore = (options: EventStoreDbEventStoreOptions, prefixes: ReadonlyArray<string>): EventStoreDbStore => ({
  options,
  prefixes,
  filter: { filterOn: STREAM_NAME, prefixes: [...prefixes], checkpointInterval: 1 },
  subscriptions: new Set(),
  closed: false,
  opening: undefined,
});

/** Thrown inside an operation to end it with a typed error. */
export class Rejected {
  constructor(readonly error: StoreError) {}
}

/** Where a read of `$all` starts: the log's start, or just at `after` (starts are inclusive). */
export const toLogPosition = (after: number): typeof START | EventStoreDbPosition => (after === 0 ? START : { commit: BigInt(after), prepare: BigInt(after) });

/** The store's client: the caller's, or one made (once) from the connection string. */
export const clientOf = (store: EventStoreDbStore): Promise<EventStoreDbClient> => {
  const { options } = store;
  store.opening ??=
    'client' in options
      ? Promise.resolve(options.client)
      : import('@kurrent/kurrentdb-client').then((kurrent) => {
          // An ESM import of this CommonJS package may put its exports under `default`.
          const { KurrentDBClient } = kurrent.KurrentDBClient === undefined ? kurrent.default : kurrent;
          return KurrentDBClient.connectionString(options.connectionString) as unknown as EventStoreDbClient;
        });
  return store.opening.catch((error: unknown) => {
    store.opening = undefined;
    throw error;
  });
};

/** Runs one operation with the client, mapping a `Rejected` to its error and any other failure to a store error. */
export const runOperation = async <A>(store: EventStoreDbStore, operation: string, work: (db: EventStoreDbClient) => Promise<A>, streamId?: StreamId): Promise<E.Either<StoreError, A>> => {
  if (store.closed) return E.left(storeClosed());
  try {
    return E.right(await work(await clientOf(store)));
  } catch (error) {
    if (error instanceof Rejected) return E.left(error.error);
    return E.left(store.closed ? storeClosed() : eventStoreDbFailure(operation, error, streamId));
  }
};
