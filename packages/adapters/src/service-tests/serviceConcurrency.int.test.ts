import { createPostgresEventStore } from '@disputekit/adapters/postgres';
import type { EventStore } from '@disputekit/core';
import { runConcurrencyWorkload } from '../testing/service/concurrencyWorkload';
import { raceOpenings } from '../testing/service/openingRace';
import { describeWithPostgres, dropTestSchemas, freshSchema } from '../testRun';

describeWithPostgres('the dispute service under concurrency: PostgreSQL', (url) => {
  const schemas: string[] = [];
  const openStores = (count: number, poolSize: number): EventStore[] => {
    const schema = freshSchema('svc', schemas);
    return Array.from({ length: count }, () => createPostgresEventStore({ connectionString: url, schema, migrate: true, poolSize }));
  };
  afterAll(() => dropTestSchemas(schemas, url));

  it('16 handlers × 500 commands over 50 disputes, through two pools, leave whole, valid histories', async () => {
    const stores = openStores(2, 8);
    try {
      const report = await runConcurrencyWorkload({ stores, handlers: 16, commandsPerHandler: 500, disputes: 50, seed: 3 });
      console.log(`postgres: ${report.commandsSent} commands`, Object.fromEntries(report.results), {
        storeConflicts: report.storeConflicts,
        retried: report.retriedConflicts,
        storedDisputeEvents: report.storedDisputeEvents,
        longestStream: report.longestStream,
      });
      expect(report.problems).toEqual([]);
      expect(report.commandsSent).toBe(100 + 16 * 500);
      expect(report.storedDisputeEvents).toBeGreaterThan(2_000);
      expect(report.storeConflicts).toBeGreaterThan(0);
    } finally {
      for (const store of stores) await store.close();
    }
  }, 300_000);

  it('two concurrent OpenDispute for one order, through three pools: exactly one wins', async () => {
    const stores = openStores(3, 2);
    try {
      expect(await raceOpenings(stores, 30, 3)).toEqual([]);
    } finally {
      for (const store of stores) await store.close();
    }
  }, 180_000);
});
