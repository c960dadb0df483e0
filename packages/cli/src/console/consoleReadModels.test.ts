import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import Database from 'better-sqlite3';
import { createMemoryReadSideStore, createProjectionRunner, disputeProjections, queryActive } from '@disputekit/projections';
import { seedConsoleStore } from '../testing/consoleFixture';
import { tempFolder } from '../testing/runCli';
import { runCliInProcess } from '../testing/runCliInProcess';
import { openStore } from '../storeUrl';
import { createProjectedLog } from './consoleReadModels';

/** Every row of every table of every projection, sorted, from a memory read side. */
const dump = async (readSide: ReturnType<typeof createMemoryReadSideStore>) => {
  const out: Record<string, unknown> = {};
  for (const projection of disputeProjections) {
    for (const table of projection.tables) {
      const rows = await queryActive(readSide, projection.name, table.name, {});
      if (E.isLeft(rows)) throw new Error(rows.left.message);
      out[`${projection.name}/${table.name}`] = [...rows.right].sort((a, b) => (String(a[table.key]) < String(b[table.key]) ? -1 : 1));
    }
  }
  return out;
};

describe('createProjectedLog (the console read models in one pass)', () => {
  const folder = tempFolder('projected');
  afterAll(() => folder.remove());

  it('builds exactly the rows the projection runner builds, also when refreshed after more events', async () => {
    const db = join(folder.path, 'demo.db');
    expect((await runCliInProcess(['demo', '--store', `sqlite:${db}`])).code).toBe(0);
    const store = await openStore(`sqlite:${db}`, { create: false, readOnly: true });
    const ours = createMemoryReadSideStore();
    const theirs = createMemoryReadSideStore();
    try {
      const log = createProjectedLog(store, ours);
      const first = await log.update();
      expect(first.skipped).toBe(0);
      expect(first.eventsApplied).toBeGreaterThan(30);
      await seedConsoleStore(db); // more events, written by another connection
      const second = await log.update();
      expect(second.position).toBeGreaterThan(first.position);
      const runner = createProjectionRunner({ events: store.events, readSide: theirs, projections: disputeProjections, owner: 'test' });
      const caught = await runner.catchUp();
      await runner.stop();
      expect(E.isRight(caught)).toBe(true);
      const expected = await dump(theirs);
      expect(expected['dispute_summary/dispute_summary']).toHaveLength(10); // the demo's seven disputes and the three the console fixture adds
      expect(await dump(ours)).toEqual(expected);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('leaves out an event that does not decode, counts it, and goes on', async () => {
    const db = join(folder.path, 'damaged.db');
    await seedConsoleStore(db);
    const handle = new Database(db);
    handle.prepare("UPDATE disputekit_events SET data = json_set(data, '$.text', 42) WHERE type = 'MessagePosted' AND version = 3").run();
    handle.close();
    const store = await openStore(`sqlite:${db}`, { create: false, readOnly: true });
    try {
      const projected = await createProjectedLog(store, createMemoryReadSideStore()).update();
      expect(projected.skipped).toBe(1);
      expect(projected.eventsApplied).toBe(5);
    } finally {
      await store.close();
    }
  }, 30_000);
});
