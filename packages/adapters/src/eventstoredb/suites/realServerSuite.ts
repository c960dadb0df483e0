import { eventStoreContractSuite } from '../../testing';
import { countedEvents, freshStreamId, rightOf, streamOf } from '../../testing/contractFixtures';
import { connectClient, SCHEMES, withScheme, type ClientLibrary } from '../../testing/kurrentDouble';
import type { EventStoreDbClient } from '../eventStoreDbClient';
import { createEventStoreDbEventStore } from '../eventStoreDbEventStore';

/** A real KurrentDB/EventStoreDB server, e.g. `kurrentdb://127.0.0.1:2113?tls=false`. */
const connectionString = process.env['KURRENTDB_CONNECTION_STRING'];

/**
 * The contract against a real server through `library`, whenever KURRENTDB_CONNECTION_STRING is set:
 * the whole suite with the library's first scheme, and an append and read back with every scheme it
 * accepts (the `+discover` of the given string kept). Without a server it skips, saying why.
 */
export const realServerSuite = (library: ClientLibrary): void => {
  if (connectionString === undefined || connectionString === '') {
    console.warn(`KURRENTDB_CONNECTION_STRING is not set: skipping the EventStoreDB contract on a real server through ${library} (the gRPC double runs it always).`);
    it.skip(`EventStoreDB contract on a real server through ${library} (set KURRENTDB_CONNECTION_STRING to run it)`, () => undefined);
    return;
  }
  const clients: EventStoreDbClient[] = [];
  const connect = (scheme: string): EventStoreDbClient => {
    const client = connectClient(library, withScheme(connectionString, scheme));
    clients.push(client);
    return client;
  };
  afterAll(() => Promise.all(clients.map((client) => client.dispose().catch(() => undefined))), 30_000);
  const [first] = SCHEMES[library];
  const options = { uniqueEventIdsAcrossStreams: false, hasMultiStreamAppend: false, slowTestTimeoutMs: 300_000, visibilityTimeoutMs: 20_000 };
  // Tests use fresh random `dispute-contract-…` streams, so runs on a shared server never collide.
  eventStoreContractSuite(`EventStoreDB server via ${library} (${first}:)`, () => createEventStoreDbEventStore({ client: connect(first!) }), options);
  describe.each(SCHEMES[library])(`EventStoreDB server via ${library}, scheme %s:`, (scheme) => {
    it('appends and reads back', async () => {
      const store = createEventStoreDbEventStore({ client: connect(scheme) });
      const streamId = freshStreamId('scheme');
      rightOf(await store.appendToStream(streamId, countedEvents(2), { expectedVersion: 'no_stream' }));
      expect((await streamOf(store, streamId)).map((event) => event.version)).toEqual([1, 2]);
      await store.close();
    }, 60_000);
  });
};
