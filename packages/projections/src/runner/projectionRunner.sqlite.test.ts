import { join } from 'node:path';
import { testTempFolder } from '@disputekit/adapters/testRun';
import { createSqliteEventStore } from '@disputekit/adapters/sqlite';
import { createSqliteReadSideStore } from '../stores/sqliteReadSideStore';
import { appendManyHistories, concurrentWritersScenario, catchUpAndOnePass, twoRunnersScenario } from '../testing/runnerIntegration';

const folder = testTempFolder('runner');
const dir = folder.path;
afterAll(() => folder.remove());

describe('projection runner on SQLite (event store and read models)', () => {
  it('follows concurrent writers live and builds what one pass and the fold build', async () => {
    const log = createSqliteEventStore({ filename: join(dir, 'events-1.db') });
    const store = createSqliteReadSideStore({ filename: join(dir, 'read-1.db') });
    const { incremental, onePass, folded } = await concurrentWritersScenario(log, store, { writers: 4, disputesPerWriter: 8 });
    expect(incremental).toEqual(onePass);
    expect(incremental['dispute_summary.dispute_summary']).toEqual(folded);
    await store.close();
    await log.close();
  }, 120_000);

  it('lets one of two runners started at once work while the other waits, then take over', async () => {
    const log = createSqliteEventStore({ filename: join(dir, 'events-2.db') });
    await appendManyHistories(log, 300, 11);
    const file = join(dir, 'read-2.db');
    const { first, after } = await twoRunnersScenario(log, () => createSqliteReadSideStore({ filename: file }));
    for (const i of [0, 1, 2, 3]) {
      expect([first.a[i]!.holdsLease, first.b[i]!.holdsLease].sort()).toEqual([false, true]);
      const waiter = first.a[i]!.holdsLease ? first.b[i]! : first.a[i]!;
      expect(waiter).toMatchObject({ state: 'waiting-for-lease', eventsApplied: 0 });
    }
    expect(after.every((s) => s.holdsLease && s.state === 'live')).toBe(true);
    await log.close();
  }, 120_000);

  it('catches up a 10,000-event log in batches of 500 and builds what one pass builds', async () => {
    const log = createSqliteEventStore({ filename: join(dir, 'events-3.db'), synchronous: 'NORMAL' });
    expect(await appendManyHistories(log, 10_000, 21)).toBeGreaterThanOrEqual(10_000);
    const store = createSqliteReadSideStore({ filename: join(dir, 'read-3.db') });
    const { caughtUp, onePass, eventsBehind } = await catchUpAndOnePass(log, store);
    expect(eventsBehind).toEqual([0, 0, 0, 0, 0]); // one per read model
    expect(caughtUp).toEqual(onePass);
    await store.close();
    await log.close();
  }, 120_000);
});
