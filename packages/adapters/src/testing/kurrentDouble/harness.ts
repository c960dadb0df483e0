import type { EventStore } from '@disputekit/core';
import type { EventStoreDbClient } from '../../eventstoredb/eventStoreDbClient';
import { createEventStoreDbEventStore } from '../../eventstoredb/eventStoreDbEventStore';
import { connectClient, type ClientLibrary } from './doubleClients';
import { startKurrentDouble, type KurrentDouble, type KurrentDoubleOptions } from './index';

/** One double per test file and the real clients connected to it; see `useKurrentDouble`. */
export interface DoubleHarness {
  readonly library: ClientLibrary;
  /** The running double (after `beforeAll`). */
  double(): KurrentDouble;
  /** The file's shared client. */
  client(): EventStoreDbClient;
  /** Another client on the double, with extra connection settings (`defaultDeadline=1000`, …); disposed in `afterAll`. */
  connect(settings?: string): EventStoreDbClient;
  /** A store on the shared client (or on `client`); the test closes it, `afterAll` closes any left. */
  store(options?: { readonly streamPrefixes?: ReadonlyArray<string>; readonly client?: EventStoreDbClient }): EventStore;
}

/**
 * Starts one KurrentDB double for the calling test file in `beforeAll` and closes it, with every
 * client and store made through the harness, in `afterAll` (which jest runs even when tests fail).
 * Call it at the top level of a test file that tests `library` only.
 */
export const useKurrentDouble = (library: ClientLibrary, options: Omit<KurrentDoubleOptions, 'protocolOf'> = {}): DoubleHarness => {
  let running: KurrentDouble | undefined;
  let shared: EventStoreDbClient | undefined;
  const clients: EventStoreDbClient[] = [];
  const stores: EventStore[] = [];
  beforeAll(async () => {
    running = await startKurrentDouble({ ...options, protocolOf: library });
    shared = connectClient(library, running.connectionString());
    clients.push(shared);
  }, 30_000);
  afterAll(async () => {
    // The server goes first: its calls end, so neither a store's close nor a client's dispose can wait on one.
    await running?.close();
    const settled = (work: Promise<unknown>): Promise<unknown> => Promise.race([work.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    await Promise.all(stores.map((store) => settled(store.close())));
    await Promise.all(clients.map((client) => settled(client.dispose())));
  }, 30_000);
  const double = (): KurrentDouble => {
    if (running === undefined) throw new Error('the KurrentDB double is not running (use the harness inside tests)');
    return running;
  };
  return {
    library,
    double,
    client: () => {
      double();
      return shared!;
    },
    connect: (settings = '') => {
      const client = connectClient(library, double().connectionString('kurrentdb', settings));
      clients.push(client);
      return client;
    },
    store: (storeOptions = {}) => {
      const store = createEventStoreDbEventStore({
        client: storeOptions.client ?? shared!,
        ...(storeOptions.streamPrefixes === undefined ? {} : { streamPrefixes: storeOptions.streamPrefixes }),
      });
      stores.push(store);
      return store;
    },
  };
};
