import { Client } from 'pg';
import { createPostgresEventStore } from '@disputekit/adapters/postgres';
import { createPostgresReadSideStore } from '../stores/postgresReadSideStore';
import { freshSchema, postgresForTests, postgresUrl } from '../testing/postgresForTests';
import { appendManyHistories, concurrentWritersScenario, measureCatchUp, twoRunnersScenario } from '../testing/runnerIntegration';

const pg = postgresForTests();
const schemas: string[] = [];
const fresh = (what: string) => {
  const schema = freshSchema(what);
  schemas.push(schema);
  return schema;
};
const eventStore = () => createPostgresEventStore({ connectionString: postgresUrl, schema: fresh('ev'), migrate: true });

afterAll(async () => {
  if (!pg.run) return;
  const client = new Client({ connectionString: postgresUrl });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

(pg.run ? describe : describe.skip)(`projection runner on PostgreSQL${pg.run ? '' : ` (skipped: ${pg.why ?? ''})`}`, () => {
  it('follows concurrent writers live (transactions committing out of order) and skips no event', async () => {
    const log = eventStore();
    const store = createPostgresReadSideStore({ connectionString: postgresUrl, schema: fresh('rm') });
    const { incremental, onePass, folded } = await concurrentWritersScenario(log, store, { writers: 8, disputesPerWriter: 6 });
    expect(incremental).toEqual(onePass);
    expect(incremental['dispute_summary.dispute_summary']).toEqual(folded);
    await store.close();
    await log.close();
  }, 60_000);

  it('lets one of two runners started at once (two pools, as on two machines) work while the other waits', async () => {
    const log = eventStore();
    await appendManyHistories(log, 300, 12);
    const schema = fresh('rm');
    const { first, after } = await twoRunnersScenario(log, () => createPostgresReadSideStore({ connectionString: postgresUrl, schema }));
    for (const i of [0, 1, 2, 3]) {
      expect([first.a[i]!.holdsLease, first.b[i]!.holdsLease].sort()).toEqual([false, true]);
      const waiter = first.a[i]!.holdsLease ? first.b[i]! : first.a[i]!;
      expect(waiter).toMatchObject({ state: 'waiting-for-lease', eventsApplied: 0 });
    }
    expect(after.every((s) => s.holdsLease && s.state === 'live')).toBe(true);
    await log.close();
  }, 60_000);

  it('catches up quickly (prints events per second)', async () => {
    const log = eventStore();
    const events = await appendManyHistories(log, 10_000, 22);
    const store = createPostgresReadSideStore({ connectionString: postgresUrl, schema: fresh('rm') });
    const { seconds, eventsPerSecond } = await measureCatchUp(log, store, events);
    console.log(`PostgreSQL catch-up: ${events} events through 4 read models in ${seconds.toFixed(2)} s = ${eventsPerSecond} events/s`);
    expect(eventsPerSecond).toBeGreaterThan(200);
    await store.close();
    await log.close();
  }, 60_000);
});
