import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import type { Row, TableSpec } from '../readSide/rows';
import { historyArb } from '@disputekit/core/testing';
import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import type { ReadSideStoreWithNotifications } from '../notifications/notificationStore';
import { disputeProjections } from '../readModels/readModels';
import { createProjectionRunner } from '../runner/projectionRunner';
import { createMemoryReadSideStore } from '../stores/memoryReadSideStore';
import { dumpReadModels } from './dumpReadModels';
import { notificationStoreContract } from './notificationStoreContract';
import { appendEvents, interleave } from './storeHistories';

const right = <A>(e: E.Either<{ message: string }, A>): A => {
  if (E.isLeft(e)) throw new Error(e.left.message);
  return e.right;
};

const things: TableSpec = {
  name: 'things',
  key: 'thingId',
  columns: {
    thingId: { type: 'text' },
    label: { type: 'text', nullable: true },
    size: { type: 'integer' },
    big: { type: 'boolean' },
    extra: { type: 'json' },
  },
  indexes: [['size']],
};

const thing = (thingId: string, size: number, label: string | null = null, extra: unknown = { tags: [thingId] }): Row => ({
  thingId,
  label,
  size,
  big: size > 10,
  extra,
});

/**
 * The behaviour every read-side store must have (test support): rows round-trip exactly, a batch
 * and its checkpoint commit together or not at all, queries filter, order and page the same way,
 * leases exclude, the runner builds the same read models as on the memory store, and the
 * notification reactors' checkpoints and dead letters are kept (`notificationStoreContract`).
 */
export const readSideStoreContract = (name: string, makeStore: () => Promise<ReadSideStoreWithNotifications>): void => {
  notificationStoreContract(name, makeStore);
  describe(`${name}: read-side store contract`, () => {
    let store: ReadSideStoreWithNotifications;
    let n = 0;
    const target = () => ({ projection: `contract_${n}`, generation: 1 });
    beforeEach(async () => {
      n += 1;
      store = await makeStore();
      right(await store.prepare(target(), [things]));
    });
    afterEach(async () => {
      await store.close();
    });

    it('round-trips every column type, null and big safe integers', async () => {
      const rows = [thing('a', Number.MAX_SAFE_INTEGER, 'é"\'; DROP', { nested: { list: [1, 'x', null, true] } }), thing('b', 0)];
      right(await store.commit(target(), { changes: rows.map((row) => ({ op: 'upsert', table: 'things', row })), from: 0, to: 5 }));
      const loaded = right(await store.load(target(), 'things', ['a', 'b', 'missing']));
      expect(loaded.get('a')).toEqual(rows[0]);
      expect(loaded.get('b')).toEqual(rows[1]);
      expect(loaded.has('missing')).toBe(false);
      expect(right(await store.readCheckpoint(target()))).toBe(5);
    });

    it('applies a batch and moves the checkpoint together, compare-and-set on the checkpoint', async () => {
      right(await store.commit(target(), { changes: [{ op: 'upsert', table: 'things', row: thing('a', 1) }], from: 0, to: 3 }));
      const stale = await store.commit(target(), { changes: [{ op: 'upsert', table: 'things', row: thing('b', 2) }], from: 0, to: 4 });
      expect(E.isLeft(stale) && stale.left).toMatchObject({ _tag: 'CheckpointConflict', expected: 0, actual: 3 });
      const wrong = await store.commit(target(), { changes: [{ op: 'delete', table: 'things', key: 'a' }], from: 2, to: 4 });
      expect(E.isLeft(wrong) && wrong.left._tag).toBe('CheckpointConflict');
      expect([...right(await store.load(target(), 'things', ['a', 'b'])).keys()]).toEqual(['a']);
      expect(right(await store.readCheckpoint(target()))).toBe(3);
      right(await store.commit(target(), { changes: [{ op: 'delete', table: 'things', key: 'a' }, { op: 'upsert', table: 'things', row: thing('c', 3) }], from: 3, to: 9 }));
      expect([...right(await store.load(target(), 'things', ['a', 'c'])).keys()]).toEqual(['c']);
    });

    it('rolls a batch back entirely when one change is invalid', async () => {
      const bad = await store.commit(target(), {
        changes: [{ op: 'upsert', table: 'things', row: thing('a', 1) }, { op: 'upsert', table: 'nope', row: thing('b', 1) }],
        from: 0,
        to: 2,
      });
      expect(E.isLeft(bad) && bad.left._tag).toBe('InvalidReadModelQuery');
      expect(right(await store.load(target(), 'things', ['a'])).size).toBe(0);
      expect(right(await store.readCheckpoint(target()))).toBeUndefined();
    });

    it('filters, orders (nulls last), pages and counts like the memory store', async () => {
      const rows = Array.from({ length: 12 }, (_, i) => thing(`t${String(i).padStart(2, '0')}`, i % 5, i % 3 === 0 ? null : `L${i % 4}`));
      right(await store.commit(target(), { changes: rows.map((row) => ({ op: 'upsert', table: 'things', row })), from: 0, to: 1 }));
      const memory = createMemoryReadSideStore();
      right(await memory.prepare(target(), [things]));
      right(await memory.commit(target(), { changes: rows.map((row) => ({ op: 'upsert', table: 'things', row })), from: 0, to: 1 }));
      const queries = [
        { where: { size: 2 } },
        { where: { label: null } },
        { where: { label: { notNull: true as const } }, orderBy: [{ column: 'label', direction: 'desc' as const }, { column: 'thingId' }] },
        { where: { size: { in: [1, 3] } }, orderBy: [{ column: 'thingId', direction: 'desc' as const }] },
        { where: { size: { gte: 2 }, big: false }, orderBy: [{ column: 'size' }, { column: 'thingId' }], limit: 3, offset: 2 },
        { where: { thingId: { lt: 't05' } }, orderBy: [{ column: 'thingId' }] },
        { where: { thingId: { gt: 't09' }, size: { lte: 3 } }, orderBy: [{ column: 'label' }, { column: 'thingId' }] },
        { orderBy: [{ column: 'label' }, { column: 'thingId' }], offset: 9 },
        { where: { size: { in: [] } } },
      ];
      for (const q of queries) {
        const got = right(await store.query(target(), 'things', q));
        const want = right(await memory.query(target(), 'things', q));
        expect(q.orderBy === undefined ? [...got].sort((a, b) => (a.thingId! < b.thingId! ? -1 : 1)) : got).toEqual(
          q.orderBy === undefined ? [...want].sort((a, b) => (a.thingId! < b.thingId! ? -1 : 1)) : want,
        );
        expect(right(await store.count(target(), 'things', q.where))).toBe(
          right(await memory.count(target(), 'things', q.where)),
        );
      }
      const unknown = await store.query(target(), 'things', { where: { colour: 'red' } });
      expect(E.isLeft(unknown) && unknown.left._tag).toBe('InvalidReadModelQuery');
    });

    it('lets one owner hold a lease until it expires or is released', async () => {
      const projection = target().projection;
      expect(right(await store.tryAcquireLease({ projection, owner: 'a', now: 1_000, ttlMs: 100 }))).toBe(true);
      expect(right(await store.tryAcquireLease({ projection, owner: 'b', now: 1_050, ttlMs: 100 }))).toBe(false);
      expect(right(await store.tryAcquireLease({ projection, owner: 'a', now: 1_090, ttlMs: 100 }))).toBe(true);
      expect(right(await store.tryAcquireLease({ projection, owner: 'b', now: 1_150, ttlMs: 100 }))).toBe(false);
      expect(right(await store.tryAcquireLease({ projection, owner: 'b', now: 1_191, ttlMs: 100 }))).toBe(true);
      expect(right(await store.tryAcquireLease({ projection, owner: 'a', now: 1_200, ttlMs: 100 }))).toBe(false);
      right(await store.releaseLease(projection, 'a'));
      expect(right(await store.tryAcquireLease({ projection, owner: 'a', now: 1_201, ttlMs: 100 }))).toBe(false);
      right(await store.releaseLease(projection, 'b'));
      expect(right(await store.tryAcquireLease({ projection, owner: 'a', now: 1_202, ttlMs: 100 }))).toBe(true);
    });

    it('keeps the catalog, and drops a generation with its checkpoint', async () => {
      const projection = target().projection;
      expect(right(await store.readCatalog(projection))).toBeUndefined();
      const entry = { projection, active: { generation: 1, version: 1 }, building: { generation: 2, version: 2 } };
      right(await store.writeCatalog(entry));
      expect(right(await store.readCatalog(projection))).toEqual(entry);
      right(await store.commit(target(), { changes: [{ op: 'upsert', table: 'things', row: thing('a', 1) }], from: 0, to: 1 }));
      right(await store.drop(target(), [things]));
      expect(right(await store.readCheckpoint(target()))).toBeUndefined();
      right(await store.prepare(target(), [things]));
      expect(right(await store.count(target(), 'things'))).toBe(0);
    });

    it('keeps parked streams with the batch that parked them, per generation, until the generation is dropped', async () => {
      const parked = { streamId: 'dispute-bad', globalPosition: 2, version: 1, reason: 'no such field' };
      expect(right(await store.readParked(target()))).toEqual([]);
      const stale = await store.commit(target(), { changes: [], from: 7, to: 9, parked: [parked] });
      expect(E.isLeft(stale)).toBe(true);
      expect(right(await store.readParked(target()))).toEqual([]);
      right(await store.commit(target(), { changes: [{ op: 'upsert', table: 'things', row: thing('a', 1) }], from: 0, to: 3, parked: [parked] }));
      right(await store.commit(target(), { changes: [], from: 3, to: 5, parked: [{ ...parked, streamId: 'dispute-worse', globalPosition: 5, version: 4 }] }));
      expect(right(await store.readParked(target()))).toEqual([parked, { ...parked, streamId: 'dispute-worse', globalPosition: 5, version: 4 }]);
      expect(right(await store.readParked({ ...target(), generation: 2 }))).toEqual([]);
      right(await store.drop(target(), [things]));
      expect(right(await store.readParked(target()))).toEqual([]);
    });

    it('holds the read models the runner builds, equal to those built on the memory store', async () => {
      const histories = fc
        .sample(fc.uniqueArray(historyArb({ maxCommands: 25 }), { selector: (h) => h.scenario.disputeId, minLength: 12, maxLength: 12 }), { numRuns: 1, seed: 7 })[0]!
        .map((h) => h.events);
      const log = createInMemoryEventStore();
      await appendEvents(log, interleave(histories, (k) => (k * 7) % 5));
      const runner = createProjectionRunner({ events: log, readSide: store, projections: disputeProjections, batchSize: 13 });
      right(await runner.catchUp());
      const memory = createMemoryReadSideStore();
      right(await createProjectionRunner({ events: log, readSide: memory, projections: disputeProjections }).catchUp());
      expect(await dumpReadModels(store, disputeProjections)).toEqual(await dumpReadModels(memory, disputeProjections));
      await runner.stop();
    });
  });
};
