import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import type { Row, TableSpec } from '../readSide/rows';
import { historyArb, expectRight } from '@disputekit/core/testing';
import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import type { ReadSideStoreWithNotifications } from '../notifications/notificationStore';
import { disputeProjections } from '../readModels/readModels';
import { createProjectionRunner } from '../runner/projectionRunner';
import { createMemoryReadSideStore } from '../stores/memoryReadSideStore';
import { dumpReadModels } from './dumpReadModels';
import { notificationStoreContract } from './notificationStoreContract';
import { reactorCursorContract } from './reactorCursorContract';
import { appendEvents, interleave } from './storeHistories';

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

/** The store under test in the current case, and the case number (each case has its own projection). */
interface ContractContext {
  store: ReadSideStoreWithNotifications;
  n: number;
}

const target = (ctx: ContractContext) => ({ projection: `contract_${ctx.n}`, generation: 1 });

/** Rows round-trip; a batch and its checkpoint commit together or not at all. */
const rowCases = (ctx: ContractContext): void => {
  it('round-trips every column type, null and big safe integers', async () => {
    const rows = [thing('a', Number.MAX_SAFE_INTEGER, 'é"\'; DROP', { nested: { list: [1, 'x', null, true] } }), thing('b', 0)];
    expectRight(await ctx.store.commit(target(ctx), { changes: rows.map((row) => ({ op: 'upsert', table: 'things', row })), from: 0, to: 5 }));
    const loaded = expectRight(await ctx.store.load(target(ctx), 'things', ['a', 'b', 'missing']));
    expect(loaded.get('a')).toEqual(rows[0]);
    expect(loaded.get('b')).toEqual(rows[1]);
    expect(loaded.has('missing')).toBe(false);
    expect(expectRight(await ctx.store.readCheckpoint(target(ctx)))).toBe(5);
  });

  it('applies a batch and moves the checkpoint together, compare-and-set on the checkpoint', async () => {
    expectRight(await ctx.store.commit(target(ctx), { changes: [{ op: 'upsert', table: 'things', row: thing('a', 1) }], from: 0, to: 3 }));
    const stale = await ctx.store.commit(target(ctx), { changes: [{ op: 'upsert', table: 'things', row: thing('b', 2) }], from: 0, to: 4 });
    expect(E.isLeft(stale) && stale.left).toMatchObject({ _tag: 'CheckpointConflict', expected: 0, actual: 3 });
    const wrong = await ctx.store.commit(target(ctx), { changes: [{ op: 'delete', table: 'things', key: 'a' }], from: 2, to: 4 });
    expect(E.isLeft(wrong) && wrong.left._tag).toBe('CheckpointConflict');
    expect([...expectRight(await ctx.store.load(target(ctx), 'things', ['a', 'b'])).keys()]).toEqual(['a']);
    expect(expectRight(await ctx.store.readCheckpoint(target(ctx)))).toBe(3);
    expectRight(await ctx.store.commit(target(ctx), { changes: [{ op: 'delete', table: 'things', key: 'a' }, { op: 'upsert', table: 'things', row: thing('c', 3) }], from: 3, to: 9 }));
    expect([...expectRight(await ctx.store.load(target(ctx), 'things', ['a', 'c'])).keys()]).toEqual(['c']);
  });

  it('rolls a batch back entirely when one change is invalid', async () => {
    const bad = await ctx.store.commit(target(ctx), {
      changes: [{ op: 'upsert', table: 'things', row: thing('a', 1) }, { op: 'upsert', table: 'nope', row: thing('b', 1) }],
      from: 0,
      to: 2,
    });
    expect(E.isLeft(bad) && bad.left._tag).toBe('InvalidReadModelQuery');
    expect(expectRight(await ctx.store.load(target(ctx), 'things', ['a'])).size).toBe(0);
    expect(expectRight(await ctx.store.readCheckpoint(target(ctx)))).toBeUndefined();
  });
};

/** Queries filter, order, page and count like the memory store. */
const queryCases = (ctx: ContractContext): void => {
  it('filters, orders (nulls last), pages and counts like the memory store', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => thing(`t${String(i).padStart(2, '0')}`, i % 5, i % 3 === 0 ? null : `L${i % 4}`));
    expectRight(await ctx.store.commit(target(ctx), { changes: rows.map((row) => ({ op: 'upsert', table: 'things', row })), from: 0, to: 1 }));
    const memory = createMemoryReadSideStore();
    expectRight(await memory.prepare(target(ctx), [things]));
    expectRight(await memory.commit(target(ctx), { changes: rows.map((row) => ({ op: 'upsert', table: 'things', row })), from: 0, to: 1 }));
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
      const got = expectRight(await ctx.store.query(target(ctx), 'things', q));
      const want = expectRight(await memory.query(target(ctx), 'things', q));
      expect(q.orderBy === undefined ? [...got].sort((a, b) => (a.thingId! < b.thingId! ? -1 : 1)) : got).toEqual(
        q.orderBy === undefined ? [...want].sort((a, b) => (a.thingId! < b.thingId! ? -1 : 1)) : want,
      );
      expect(expectRight(await ctx.store.count(target(ctx), 'things', q.where))).toBe(
        expectRight(await memory.count(target(ctx), 'things', q.where)),
      );
    }
    const unknown = await ctx.store.query(target(ctx), 'things', { where: { colour: 'red' } });
    expect(E.isLeft(unknown) && unknown.left._tag).toBe('InvalidReadModelQuery');
  });
};

/** Leases exclude; the catalog is kept; a dropped generation loses its checkpoint and parked streams. */
const leaseAndCatalogCases = (ctx: ContractContext): void => {
  it('lets one owner hold a lease until it expires or is released', async () => {
    const projection = target(ctx).projection;
    expect(expectRight(await ctx.store.tryAcquireLease({ projection, owner: 'a', now: 1_000, ttlMs: 100 }))).toBe(true);
    expect(expectRight(await ctx.store.tryAcquireLease({ projection, owner: 'b', now: 1_050, ttlMs: 100 }))).toBe(false);
    expect(expectRight(await ctx.store.tryAcquireLease({ projection, owner: 'a', now: 1_090, ttlMs: 100 }))).toBe(true);
    expect(expectRight(await ctx.store.tryAcquireLease({ projection, owner: 'b', now: 1_150, ttlMs: 100 }))).toBe(false);
    expect(expectRight(await ctx.store.tryAcquireLease({ projection, owner: 'b', now: 1_191, ttlMs: 100 }))).toBe(true);
    expect(expectRight(await ctx.store.tryAcquireLease({ projection, owner: 'a', now: 1_200, ttlMs: 100 }))).toBe(false);
    expectRight(await ctx.store.releaseLease(projection, 'a'));
    expect(expectRight(await ctx.store.tryAcquireLease({ projection, owner: 'a', now: 1_201, ttlMs: 100 }))).toBe(false);
    expectRight(await ctx.store.releaseLease(projection, 'b'));
    expect(expectRight(await ctx.store.tryAcquireLease({ projection, owner: 'a', now: 1_202, ttlMs: 100 }))).toBe(true);
  });

  it('keeps the catalog, and drops a generation with its checkpoint', async () => {
    const projection = target(ctx).projection;
    expect(expectRight(await ctx.store.readCatalog(projection))).toBeUndefined();
    const entry = { projection, active: { generation: 1, version: 1 }, building: { generation: 2, version: 2 } };
    expectRight(await ctx.store.writeCatalog(entry));
    expect(expectRight(await ctx.store.readCatalog(projection))).toEqual(entry);
    expectRight(await ctx.store.commit(target(ctx), { changes: [{ op: 'upsert', table: 'things', row: thing('a', 1) }], from: 0, to: 1 }));
    expectRight(await ctx.store.drop(target(ctx), [things]));
    expect(expectRight(await ctx.store.readCheckpoint(target(ctx)))).toBeUndefined();
    expectRight(await ctx.store.prepare(target(ctx), [things]));
    expect(expectRight(await ctx.store.count(target(ctx), 'things'))).toBe(0);
  });

  it('keeps parked streams with the batch that parked them, per generation, until the generation is dropped', async () => {
    const parked = { streamId: 'dispute-bad', globalPosition: 2, version: 1, reason: 'no such field' };
    expect(expectRight(await ctx.store.readParked(target(ctx)))).toEqual([]);
    const stale = await ctx.store.commit(target(ctx), { changes: [], from: 7, to: 9, parked: [parked] });
    expect(E.isLeft(stale)).toBe(true);
    expect(expectRight(await ctx.store.readParked(target(ctx)))).toEqual([]);
    expectRight(await ctx.store.commit(target(ctx), { changes: [{ op: 'upsert', table: 'things', row: thing('a', 1) }], from: 0, to: 3, parked: [parked] }));
    expectRight(await ctx.store.commit(target(ctx), { changes: [], from: 3, to: 5, parked: [{ ...parked, streamId: 'dispute-worse', globalPosition: 5, version: 4 }] }));
    expect(expectRight(await ctx.store.readParked(target(ctx)))).toEqual([parked, { ...parked, streamId: 'dispute-worse', globalPosition: 5, version: 4 }]);
    expect(expectRight(await ctx.store.readParked({ ...target(ctx), generation: 2 }))).toEqual([]);
    expectRight(await ctx.store.drop(target(ctx), [things]));
    expect(expectRight(await ctx.store.readParked(target(ctx)))).toEqual([]);
  });
};

/** The runner builds the same read models as on the memory store. */
const runnerCases = (ctx: ContractContext): void => {
  it('holds the read models the runner builds, equal to those built on the memory store', async () => {
    const histories = fc
      .sample(fc.uniqueArray(historyArb({ maxCommands: 25 }), { selector: (h) => h.scenario.disputeId, minLength: 12, maxLength: 12 }), { numRuns: 1, seed: 7 })[0]!
      .map((h) => h.events);
    const log = createInMemoryEventStore();
    await appendEvents(log, interleave(histories, (k) => (k * 7) % 5));
    const runner = createProjectionRunner({ events: log, readSide: ctx.store, projections: disputeProjections, batchSize: 13 });
    expectRight(await runner.catchUp());
    const memory = createMemoryReadSideStore();
    expectRight(await createProjectionRunner({ events: log, readSide: memory, projections: disputeProjections }).catchUp());
    expect(await dumpReadModels(ctx.store, disputeProjections)).toEqual(await dumpReadModels(memory, disputeProjections));
    await runner.stop();
  });
};

/**
 * The behaviour every read-side store must have (test support): rows round-trip exactly, a batch
 * and its checkpoint commit together or not at all, queries filter, order and page the same way,
 * leases exclude, the runner builds the same read models as on the memory store, and the
 * notification reactors' checkpoints and dead letters are kept (`notificationStoreContract`), and so
 * are the other reactors' cursors (`reactorCursorContract`).
 */
export const readSideStoreContract = (name: string, makeStore: () => Promise<ReadSideStoreWithNotifications>): void => {
  notificationStoreContract(name, makeStore);
  reactorCursorContract(name, makeStore);
  describe(`${name}: read-side store contract`, () => {
    const ctx = { n: 0 } as ContractContext;
    beforeEach(async () => {
      ctx.n += 1;
      ctx.store = await makeStore();
      expectRight(await ctx.store.prepare(target(ctx), [things]));
    });
    afterEach(async () => {
      await ctx.store.close();
    });
    rowCases(ctx);
    queryCases(ctx);
    leaseAndCatalogCases(ctx);
    runnerCases(ctx);
  });
};
