import { eventStoreContractSuite } from '../../testing';
import { expectRight } from '@disputekit/core/testing';
import { countedEvents, freshStreamId, streamOf } from '../../testing/contractFixtures';
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
    it.skip(`EventStoreDB contract on a real server through ${library} — skipped: KURRENTDB_CONNECTION_STRING is not set (set it to run these; the gRPC double runs the contract always)`, () => undefined);
    return;
  }
  // A real server (and a shared one) is slower than the double: generous timeouts catch hangs, not slowness.
  jest.setTimeout(60_000);
  // One client a scheme, shared by the stores of the file (a caller's client: a store leaves it open on close).
  const clients = new Map<string, EventStoreDbClient>();
  const connect = (scheme: string): EventStoreDbClient => {
    let client = clients.get(scheme);
    if (client === undefined) {
      client = connectClient(library, withScheme(connectionString, scheme));
      clients.set(scheme, client);
    }
    return client;
  };
  // A 6.x client's dispose can wait on a call the server keeps open: wait a bounded time, then let the process end it.
  const settled = (work: Promise<unknown>): Promise<unknown> => Promise.race([work.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  afterAll(() => Promise.all([...clients.values()].map((client) => settled(client.dispose()))), 30_000);
  const [first] = SCHEMES[library];
  const options = { uniqueEventIdsAcrossStreams: false, hasMultiStreamAppend: false, slowTestTimeoutMs: 300_000, visibilityTimeoutMs: 20_000 };
  // Tests use fresh random `dispute-contract-…` streams, so runs on a shared server never collide.
  eventStoreContractSuite(`EventStoreDB server via ${library} (${first}:)`, () => createEventStoreDbEventStore({ client: connect(first!) }), options);
  describe.each(SCHEMES[library])(`EventStoreDB server via ${library}, scheme %s:`, (scheme) => {
    it('appends and reads back', async () => {
      const store = createEventStoreDbEventStore({ client: connect(scheme) });
      const streamId = freshStreamId('scheme');
      expectRight(await store.appendToStream(streamId, countedEvents(2), { expectedVersion: 'no_stream' }));
      expect((await streamOf(store, streamId)).map((event) => event.version)).toEqual([1, 2]);
      await store.close();
    }, 60_000);
  });
};
