import { EventStoreDBClient } from '@eventstore/db-client';
import { eventStoreContractSuite } from '../testing';
import { createEventStoreDbEventStore } from './eventStoreDbEventStore';
import type { EventStoreDbClient } from './eventStoreDbClient';

/** A real KurrentDB/EventStoreDB server, e.g. `kurrentdb://127.0.0.1:2113?tls=false`. */
const connectionString = process.env['KURRENTDB_CONNECTION_STRING'];

if (connectionString === undefined || connectionString === '') {
  console.warn('KURRENTDB_CONNECTION_STRING is not set: skipping the EventStoreDB contract against a real server (the typed fakes in eventstoredb.test.ts always run).');
  it.skip('EventStoreDB contract on a real server — skipped: KURRENTDB_CONNECTION_STRING is not set (set it, e.g. to kurrentdb://127.0.0.1:2113?tls=false, to run it)', () => undefined);
} else {
  const options = { uniqueEventIdsAcrossStreams: false, hasMultiStreamAppend: false, slowTestTimeoutMs: 300_000, visibilityTimeoutMs: 20_000 };
  // Tests use fresh random `dispute-contract-…` streams, so runs on a shared server never collide.
  eventStoreContractSuite('EventStoreDB server via @kurrent/kurrentdb-client', () => createEventStoreDbEventStore({ connectionString }), options);

  const legacyClients: EventStoreDBClient[] = [];
  afterAll(() => Promise.all(legacyClients.map((client) => client.dispose())));
  eventStoreContractSuite(
    'EventStoreDB server via @eventstore/db-client',
    () => {
      const client = EventStoreDBClient.connectionString(connectionString.replace(/^kurrentdb(\+discover)?:/, 'esdb$1:'));
      legacyClients.push(client);
      const structural: EventStoreDbClient = client;
      return createEventStoreDbEventStore({ client: structural });
    },
    options,
  );
}
