import { createEventStoreDbEventStore } from '@disputekit/adapters/eventstoredb';
import { useKurrentDouble, type ClientLibrary } from '@disputekit/adapters/testing/kurrentDouble';
import { createMemoryReadSideStore } from '../stores/memoryReadSideStore';
import { createSqliteReadSideStore } from '../stores/sqliteReadSideStore';
import type { ReadSideStore } from '@disputekit/core';
import { concurrentWritersScenario } from './runnerIntegration';

/**
 * The projection runner reading `$all` through the EventStoreDB adapter and one real client library,
 * against the KurrentDB double (one server for the calling test file, emptied before each test). On
 * EventStoreDB the read model cannot share a transaction with the event log, so the checkpoint lives
 * with the read model and every projection is idempotent by stream version: the runs must build
 * exactly what one pass and the aggregate's fold build.
 */
export const runnerOnKurrentDoubleSuite = (library: ClientLibrary): void => {
  const harness = useKurrentDouble(library);
  beforeEach(() => harness.double().log.clear());

  const scenario = async (store: ReadSideStore, linkEvents: boolean): Promise<void> => {
    harness.double().log.linkEvents = linkEvents;
    const log = createEventStoreDbEventStore({ client: harness.client() });
    try {
      const { incremental, onePass, folded } = await concurrentWritersScenario(log, store, { writers: 3, disputesPerWriter: 5 });
      expect(incremental).toEqual(onePass);
      expect(incremental['dispute_summary.dispute_summary']).toEqual(folded);
    } finally {
      harness.double().log.linkEvents = false;
      await store.close();
      await log.close();
    }
  };

  describe(`projection runner reading from EventStoreDB through ${library} (gRPC double)`, () => {
    it('follows concurrent writers into an in-memory read model', () => scenario(createMemoryReadSideStore(), false), 120_000);
    it('follows concurrent writers into a SQLite read model, checkpoint stored beside the rows, past $> link events', () => scenario(createSqliteReadSideStore({ filename: ':memory:' }), true), 120_000);
  });
};
