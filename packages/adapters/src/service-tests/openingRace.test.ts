import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import { createSqliteEventStore } from '@disputekit/adapters/sqlite';
import { raceOpenings } from '../testing/service/openingRace';
import { tempDirectory } from '../testing/service/tempFiles';

describe('two concurrent OpenDispute for one order: exactly one wins', () => {
  it('memory', async () => {
    const store = createInMemoryEventStore();
    expect(await raceOpenings([store, store, store], 30, 3)).toEqual([]);
    await store.close();
  });

  it('SQLite, three connections to one file', async () => {
    const dir = tempDirectory('race');
    const stores = [0, 1, 2].map(() => createSqliteEventStore({ filename: dir.file('events.db'), synchronous: 'NORMAL' }));
    try {
      expect(await raceOpenings(stores, 30, 3)).toEqual([]);
    } finally {
      for (const store of stores) await store.close();
      dir.remove();
    }
  });
});
