import { createEventStoreDbEventStore } from '@disputekit/adapters/eventstoredb';
import { createFakeEventStoreDbClient } from '@disputekit/adapters/testing';
import { createMemoryReadSideStore } from '../stores/memoryReadSideStore';
import { createSqliteReadSideStore } from '../stores/sqliteReadSideStore';
import { concurrentWritersScenario } from '../testing/runnerIntegration';

/**
 * On EventStoreDB the read model cannot share a transaction with the event log, so the checkpoint
 * lives with the read model (in the read-side store's own transaction) and every projection is
 * idempotent by stream version. These runs read `$all` through the EventStoreDB adapter (on the typed
 * fake of each client) and must build exactly what one pass and the aggregate's fold build.
 */
describe.each(['kurrentdb', 'eventstoredb'] as const)('projection runner reading from EventStoreDB (%s client fake)', (flavour) => {
  it('follows concurrent writers into an in-memory read model', async () => {
    const log = createEventStoreDbEventStore({ client: createFakeEventStoreDbClient({ flavour }) });
    const store = createMemoryReadSideStore();
    const { incremental, onePass, folded } = await concurrentWritersScenario(log, store, { writers: 3, disputesPerWriter: 5 });
    expect(incremental).toEqual(onePass);
    expect(incremental['dispute_summary.dispute_summary']).toEqual(folded);
    await store.close();
    await log.close();
  }, 60_000);

  it('follows concurrent writers into a SQLite read model, checkpoint stored beside the rows', async () => {
    const log = createEventStoreDbEventStore({ client: createFakeEventStoreDbClient({ flavour }) });
    const store = createSqliteReadSideStore({ filename: ':memory:' });
    const { incremental, onePass, folded } = await concurrentWritersScenario(log, store, { writers: 3, disputesPerWriter: 5 });
    expect(incremental).toEqual(onePass);
    expect(incremental['dispute_summary.dispute_summary']).toEqual(folded);
    await store.close();
    await log.close();
  }, 60_000);
});
