import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import { createSqliteEventStore } from '@disputekit/adapters/sqlite';
import { runConcurrencyWorkload, type WorkloadReport } from '../testing/service/concurrencyWorkload';
import { tempDirectory } from '../testing/service/tempFiles';

const summary = (name: string, report: WorkloadReport): void => {
  console.log(`${name}: ${report.commandsSent} commands`, Object.fromEntries(report.results), {
    storeConflicts: report.storeConflicts,
    retried: report.retriedConflicts,
    storedDisputeEvents: report.storedDisputeEvents,
    longestStream: report.longestStream,
  });
};

const expectSound = (report: WorkloadReport): void => {
  expect(report.problems).toEqual([]);
  expect(report.commandsSent).toBe(100 + 16 * 500);
  expect(report.storedDisputeEvents).toBeGreaterThan(2_000);
  // the run really raced (a fixed, seeded workload: 16 handlers interleaving on 50 disputes): conflicts happened and were retried
  expect(report.storeConflicts).toBeGreaterThan(0);
};

describe('the dispute service under concurrency', () => {
  it('memory: 16 handlers × 500 commands over 50 disputes leave whole, valid histories', async () => {
    const store = createInMemoryEventStore();
    const report = await runConcurrencyWorkload({ stores: [store], handlers: 16, commandsPerHandler: 500, disputes: 50, seed: 1 });
    summary('memory', report);
    expectSound(report);
    await store.close();
  }, 180_000);

  it('memory, one stream at a time (no appendToStreams, as on EventStoreDB): the same workload leaves whole, valid histories', async () => {
    const store = createInMemoryEventStore();
    const report = await runConcurrencyWorkload({ stores: [store], handlers: 16, commandsPerHandler: 500, disputes: 50, seed: 3, multiStream: false });
    summary('memory, one stream at a time', report);
    expectSound(report);
    await store.close();
  }, 180_000);

  it('SQLite, two connections to one file: 16 handlers × 500 commands over 50 disputes leave whole, valid histories', async () => {
    const dir = tempDirectory('concurrency');
    const stores = [0, 1].map(() => createSqliteEventStore({ filename: dir.file('events.db'), synchronous: 'NORMAL' }));
    try {
        const report = await runConcurrencyWorkload({ stores, handlers: 16, commandsPerHandler: 500, disputes: 50, seed: 2 });
      summary('sqlite', report);
      expectSound(report);
    } finally {
      for (const store of stores) await store.close();
      dir.remove();
    }
  }, 180_000);
});
