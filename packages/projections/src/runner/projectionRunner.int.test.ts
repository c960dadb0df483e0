import { createPostgresEventStore } from '@disputekit/adapters/postgres';
import { describeWithPostgres, dropTestSchemas, testSchemaName } from '@disputekit/adapters/testRun';
import { createPostgresReadSideStore } from '../stores/postgresReadSideStore';
import { appendManyHistories, catchUpAndOnePass, concurrentWritersScenario, twoRunnersScenario } from '../testing/runnerIntegration';

describeWithPostgres('projection runner on PostgreSQL', (url) => {
  const schemas: string[] = [];
  const fresh = (what: string) => {
    const schema = testSchemaName(what);
    schemas.push(schema);
    return schema;
  };
  const eventStore = () => createPostgresEventStore({ connectionString: url, schema: fresh('ev'), migrate: true });
  afterAll(() => dropTestSchemas(schemas, url));

  it('follows concurrent writers live (transactions committing out of order) and skips no event', async () => {
    const log = eventStore();
    const store = createPostgresReadSideStore({ connectionString: url, schema: fresh('rm') });
    try {
      const { incremental, onePass, folded } = await concurrentWritersScenario(log, store, { writers: 8, disputesPerWriter: 6 });
      expect(incremental).toEqual(onePass);
      expect(incremental['dispute_summary.dispute_summary']).toEqual(folded);
    } finally {
      await store.close();
      await log.close();
    }
  }, 120_000);

  it('lets one of two runners started at once (two pools, as on two machines) work while the other waits', async () => {
    const log = eventStore();
    try {
      await appendManyHistories(log, 300, 12);
      const schema = fresh('rm');
      const { first, after } = await twoRunnersScenario(log, () => createPostgresReadSideStore({ connectionString: url, schema }));
      for (const i of [0, 1, 2, 3]) {
        expect([first.a[i]!.holdsLease, first.b[i]!.holdsLease].sort()).toEqual([false, true]);
        const waiter = first.a[i]!.holdsLease ? first.b[i]! : first.a[i]!;
        expect(waiter).toMatchObject({ state: 'waiting-for-lease', eventsApplied: 0 });
      }
      expect(after.every((s) => s.holdsLease && s.state === 'live')).toBe(true);
    } finally {
      await log.close();
    }
  }, 120_000);

  it('catches up a 10,000-event log in batches of 500 and builds what one pass builds', async () => {
    const log = eventStore();
    const store = createPostgresReadSideStore({ connectionString: url, schema: fresh('rm') });
    try {
      expect(await appendManyHistories(log, 10_000, 22)).toBeGreaterThanOrEqual(10_000);
      const { caughtUp, onePass, eventsBehind } = await catchUpAndOnePass(log, store);
      expect(eventsBehind).toEqual([0, 0, 0, 0, 0]); // one per read model
      expect(caughtUp).toEqual(onePass);
    } finally {
      await store.close();
      await log.close();
    }
  }, 120_000);
});
