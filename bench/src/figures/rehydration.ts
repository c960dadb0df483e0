/**
 * Rehydration: fold one long dispute stream (10,000 and 100,000 events) into its state, in memory
 * and from SQLite. Every contender folds with the same evolve; they differ in how events reach it.
 */
import type { DisputeEvent } from '@disputekit/core';
import type { Figure } from '../harness';
import { tempDir } from '../env';
import { appendStoredWithDisputekit, closeStore, loadWithDisputekit, openStore, serviceOver, storeUnavailable } from '../contenders/disputekit';
import { appendStoredWithEmmett, emmettInMemory, emmettSqlite, loadWithEmmett } from '../contenders/emmett';
import { fold, rawSqlite } from '../contenders/raw';
import { decodeAll, longStream, streamName } from '../workload';

const check = (what: string, got: number, expected: number): number => {
  if (got !== expected) throw new Error(`${what}: folded ${got} events, expected ${expected}`);
  return got;
};

const label = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));

const inMemory = (count: number): Figure => ({
  id: `rehydrate-memory-${label(count)}`,
  part: 'rehydration',
  title: `Rehydration of ${count.toLocaleString('en')} events, in memory`,
  unit: 'events/s',
  warmup: count > 50_000 ? 1 : 3,
  runs: count > 50_000 ? 3 : 7,
  disputekit: 'disputekit (memory store)',
  ratioTargets: [{ versus: 'raw loop', atLeast: 0.8 }],
  note: 'raw loop: evolve over already-typed events; disputekit: service.load = readStream + parseEvent (codecs) + checks + fold; Emmett: aggregateStream of its in-memory store with our evolve.',
  contenders: [
    {
      name: 'raw loop',
      kind: 'raw',
      setup: async () => {
        const { stored } = longStream(count);
        return decodeAll(stored);
      },
      run: async (events: DisputeEvent[]) => check('raw loop', fold(events).version, count),
    },
    {
      name: 'disputekit (memory store)',
      kind: 'disputekit',
      unavailable: () => storeUnavailable('memory'),
      setup: async () => {
        const { disputeId, stored } = longStream(count);
        const store = await openStore('memory');
        await appendStoredWithDisputekit(store, disputeId, stored);
        return { store, service: serviceOver(store), disputeId };
      },
      run: async (s) => check('disputekit', await loadWithDisputekit(s.service, s.disputeId), count),
      teardown: async (s) => closeStore(s.store),
    },
    {
      name: 'Emmett (in-memory store)',
      kind: 'emmett',
      setup: async () => {
        const { disputeId, stored } = longStream(count);
        const store = emmettInMemory();
        await appendStoredWithEmmett(store, disputeId, stored);
        return { store, disputeId };
      },
      run: async (s) => check('emmett', await loadWithEmmett(s.store, s.disputeId), count),
    },
  ],
});

const fromSqlite = (count: number): Figure => ({
  id: `rehydrate-sqlite-${label(count)}`,
  part: 'rehydration',
  title: `Rehydration of ${count.toLocaleString('en')} events, from SQLite`,
  unit: 'events/s',
  warmup: count > 50_000 ? 1 : 2,
  runs: count > 50_000 ? 3 : 5,
  disputekit: 'disputekit (SQLite store)',
  ratioTargets: [
    { versus: 'raw better-sqlite3 + JSON.parse', atLeast: 0.7 },
    { versus: 'Emmett (SQLite store)', atLeast: 2 },
  ],
  note: 'raw: one prepared SELECT, JSON.parse of each data, fold; disputekit: service.load (store read, codec decoding, fold); Emmett: aggregateStream of its SQLite store.',
  contenders: [
    {
      name: 'raw better-sqlite3 + JSON.parse',
      kind: 'raw',
      setup: async () => {
        const { disputeId, stored } = longStream(count);
        const dir = tempDir('raw-rehydrate');
        const store = rawSqlite(`${dir.path}/events.db`);
        for (let i = 0; i < stored.length; i += 1_000) store.appendStored(streamName(disputeId), i, stored.slice(i, i + 1_000));
        return { store, dir, disputeId };
      },
      run: async (s) => check('raw sqlite', s.store.load(streamName(s.disputeId)).count, count),
      teardown: async (s) => {
        s.store.close();
        s.dir.remove();
      },
    },
    {
      name: 'disputekit (SQLite store)',
      kind: 'disputekit',
      unavailable: () => storeUnavailable('sqlite'),
      setup: async () => {
        const { disputeId, stored } = longStream(count);
        const dir = tempDir('dk-rehydrate');
        const store = await openStore('sqlite', `${dir.path}/events.db`);
        await appendStoredWithDisputekit(store, disputeId, stored);
        return { store, dir, service: serviceOver(store), disputeId };
      },
      run: async (s) => check('disputekit', await loadWithDisputekit(s.service, s.disputeId), count),
      teardown: async (s) => {
        await closeStore(s.store);
        s.dir.remove();
      },
    },
    {
      name: 'Emmett (SQLite store)',
      kind: 'emmett',
      setup: async () => {
        const { disputeId, stored } = longStream(count);
        const dir = tempDir('emmett-rehydrate');
        const store = emmettSqlite(`${dir.path}/events.db`);
        await appendStoredWithEmmett(store, disputeId, stored);
        return { store, dir, disputeId };
      },
      run: async (s) => check('emmett', await loadWithEmmett(s.store, s.disputeId), count),
      teardown: async (s) => {
        await s.store.close();
        s.dir.remove();
      },
    },
  ],
});

/** The rehydration figures. */
export const rehydrationFigures: Figure[] = [inMemory(10_000), inMemory(100_000), fromSqlite(10_000), fromSqlite(100_000)];
