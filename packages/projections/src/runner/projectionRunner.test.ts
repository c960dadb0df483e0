import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { historyArb, expectRight } from '@disputekit/core/testing';
import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import type { EventStore } from '@disputekit/core';
import type { ReadSideStore } from '../readSide/projectionLease';
import type { Row } from '../readSide/rows';
import { createSimulatedClock } from '@disputekit/core';
import { disputeSummaryProjection, disputeSummaryQueries } from '../readModels/disputeSummary';
import { disputeProjections } from '../readModels/readModels';
import { createMemoryReadSideStore } from '../stores/memoryReadSideStore';
import { dumpReadModels } from '../testing/dumpReadModels';
import { waitUntil } from '../testing/runnerIntegration';
import { appendEvents, interleave } from '../testing/storeHistories';
import type { Projection } from './projection';
import { createProjectionRunner } from './projectionRunner';

const histories = fc
  .sample(fc.uniqueArray(historyArb({ maxCommands: 25 }), { selector: (h) => h.scenario.disputeId, minLength: 10, maxLength: 10 }), { numRuns: 1, seed: 3 })[0]!
  .map((h) => h.events);
const allEvents = interleave(histories, (n) => n - 1);

const logWith = async (count = allEvents.length): Promise<EventStore> => {
  const log = createInMemoryEventStore();
  await appendEvents(log, allEvents.slice(0, count));
  return log;
};

/** A projection counting events per type (to observe rebuilds). */
const counting = (version: number, label: string): Projection => ({
  name: 'event_counts',
  version,
  tables: [{ name: 'counts', key: 'type', columns: { type: { type: 'text' }, n: { type: 'integer' }, label: { type: 'text' } } }],
  reads: (e) => [{ table: 'counts', key: e.event.type }],
  apply: (rows, e) => {
    const row = rows.get('counts', e.event.type);
    return [{ op: 'upsert', table: 'counts', row: { type: e.event.type, n: ((row?.n as number | undefined) ?? 0) + 1, label } }];
  },
});

describe('projection runner', () => {
  it('runs several projections side by side, each with its own checkpoint', async () => {
    const log = await logWith();
    const store = createMemoryReadSideStore();
    const runner = createProjectionRunner({ events: log, readSide: store, projections: disputeProjections, batchSize: 16 });
    expectRight(await runner.catchUp());
    const last = allEvents.length;
    for (const p of disputeProjections) expect(expectRight(await store.readCheckpoint({ projection: p.name, generation: 1 }))).toBe(last);
    expect(runner.status().map((s) => s.state)).toEqual(disputeProjections.map(() => 'live'));
    expect(runner.status().every((s) => s.eventsApplied === last)).toBe(true);
  });

  it('lets only one of two runners started at once work; the other waits and takes over after a stop', async () => {
    const log = await logWith();
    const store = createMemoryReadSideStore();
    const a = createProjectionRunner({ events: log, readSide: store, projections: [disputeSummaryProjection], owner: 'a', pollIntervalMs: 5 });
    const b = createProjectionRunner({ events: log, readSide: store, projections: [disputeSummaryProjection], owner: 'b', pollIntervalMs: 5 });
    a.start();
    b.start();
    // Wait for the lease to be settled (one live, one told to wait), however slow the machine.
    const settled = () => [a.status()[0]!.state, b.status()[0]!.state].sort().join() === 'live,waiting-for-lease';
    await waitUntil(settled, 'one runner live and the other waiting for the lease');
    await new Promise((resolve) => setTimeout(resolve, 50)); // a few more polls: the waiter must keep waiting
    const states = [a.status()[0]!, b.status()[0]!];
    expect(states.filter((s) => s.holdsLease)).toHaveLength(1);
    expect(states.map((s) => s.state).sort()).toEqual(['live', 'waiting-for-lease']);
    const [worker, waiter] = states[0]!.holdsLease ? [a, b] : [b, a];
    expect(waiter.status()[0]!.eventsApplied).toBe(0);
    await worker.stop();
    await waitUntil(() => waiter.status()[0]!.holdsLease, 'the waiting runner to take the lease over');
    expect(waiter.status()[0]!.holdsLease).toBe(true);
    await waiter.stop();
  });

  it('refuses catchUp with LeaseHeld while another instance holds the lease, until it expires', async () => {
    const log = await logWith();
    const store = createMemoryReadSideStore();
    const clock = createSimulatedClock('2026-01-01T00:00:00Z');
    const a = createProjectionRunner({ events: log, readSide: store, projections: [disputeSummaryProjection], owner: 'a', clock, leaseTtlMs: 10_000 });
    expectRight(await a.catchUp({ maxBatches: 1 }));
    const b = createProjectionRunner({ events: log, readSide: store, projections: [disputeSummaryProjection], owner: 'b', clock, leaseTtlMs: 10_000 });
    const refused = await b.catchUp();
    expect(E.isLeft(refused) && refused.left._tag).toBe('LeaseHeld');
    clock.advance(10_001); // a crashed: its lease runs out
    expectRight(await b.catchUp());
    const lateCommit = await a.catchUp();
    expect(E.isLeft(lateCommit) && lateCommit.left._tag).toBe('LeaseHeld');
  });

  it('resumes from the checkpoint and follows events appended later', async () => {
    const log = await logWith(40);
    const store = createMemoryReadSideStore();
    const first = createProjectionRunner({ events: log, readSide: store, projections: disputeProjections, batchSize: 7 });
    expectRight(await first.catchUp());
    await first.stop();
    await appendEvents(log, allEvents.slice(40));
    const second = createProjectionRunner({ events: log, readSide: store, projections: disputeProjections, batchSize: 7, owner: 'second' });
    expectRight(await second.catchUp());
    const fresh = createMemoryReadSideStore();
    expectRight(await createProjectionRunner({ events: log, readSide: fresh, projections: disputeProjections }).catchUp());
    expect(await dumpReadModels(store, disputeProjections)).toEqual(await dumpReadModels(fresh, disputeProjections));
  });

  it('rebuilds from zero into a new generation while the old copy keeps serving, then swaps', async () => {
    const log = await logWith();
    const store = createMemoryReadSideStore();
    const first = createProjectionRunner({ events: log, readSide: store, projections: disputeProjections });
    expectRight(await first.catchUp());
    await first.stop();
    const before = await dumpReadModels(store, disputeProjections);
    const runner = createProjectionRunner({ events: log, readSide: store, projections: disputeProjections, batchSize: 5 });
    expectRight(runner.rebuild('dispute_summary'));
    expectRight(await runner.catchUp({ maxBatches: 3 }));
    const midway = runner.status()[0]!;
    expect(midway.building?.generation).toBe(2);
    expect(midway.active?.generation).toBe(1);
    expect(await dumpReadModels(store, disputeProjections)).toEqual(before); // queries still read generation 1
    const summaries = disputeSummaryQueries(store);
    expect(expectRight(await summaries.byStatus('CLOSED')).total).toBe(before['dispute_summary.dispute_summary']!.filter((r) => r.status === 'CLOSED').length);
    expectRight(await runner.catchUp());
    expect(expectRight(await store.readCatalog('dispute_summary'))).toEqual({ projection: 'dispute_summary', active: { generation: 2, version: 3 } }); // version 3: the chargeback columns (2: those of refunds made elsewhere)
    expect(await dumpReadModels(store, disputeProjections)).toEqual(before);
    const gone = await store.query({ projection: 'dispute_summary', generation: 1 }, 'dispute_summary');
    expect(E.isLeft(gone)).toBe(true);
  });

  it('rebuilds a projection whose version changed, keeping the old copy frozen and serving until the swap', async () => {
    const log = await logWith(30);
    const store = createMemoryReadSideStore();
    const old = createProjectionRunner({ events: log, readSide: store, projections: [counting(1, 'old')] });
    expectRight(await old.catchUp());
    await old.stop();
    await appendEvents(log, allEvents.slice(30));
    const runner = createProjectionRunner({ events: log, readSide: store, projections: [counting(2, 'new')], batchSize: 4 });
    expectRight(await runner.catchUp({ maxBatches: 2 }));
    expect(runner.status()[0]!.active).toMatchObject({ generation: 1, frozen: true, checkpoint: 30 });
    const served = (await dumpReadModels(store, [counting(2, 'new')]))['event_counts.counts']!;
    expect(served.every((r: Row) => r.label === 'old')).toBe(true);
    expectRight(await runner.catchUp());
    const rebuilt = (await dumpReadModels(store, [counting(2, 'new')]))['event_counts.counts']!;
    expect(rebuilt.every((r: Row) => r.label === 'new')).toBe(true);
    expect(rebuilt.reduce((sum, r) => sum + (r.n as number), 0)).toBe(allEvents.length);
  });

  it('reports its lag in events and seconds', async () => {
    const log = await logWith();
    const store = createMemoryReadSideStore();
    const clock = createSimulatedClock('2030-01-01T00:00:00Z');
    const runner = createProjectionRunner({ events: log, readSide: store, projections: [disputeSummaryProjection], clock, batchSize: 10 });
    const before = expectRight(await runner.lag())[0]!;
    expect(before).toMatchObject({ checkpoint: 0, eventsBehind: allEvents.length, atLeast: false });
    const oldest = Date.parse(allEvents[0]!.data.at);
    expect(before.secondsBehind).toBeCloseTo((clock.now() - oldest) / 1000, 3);
    expectRight(await runner.catchUp({ maxBatches: 2 }));
    expect(expectRight(await runner.lag())[0]!.eventsBehind).toBe(allEvents.length - 20);
    expectRight(await runner.catchUp());
    expect(expectRight(await runner.lag())[0]).toMatchObject({ eventsBehind: 0, secondsBehind: 0 });
  });

  it('finishes the batch in hand when stopped, and commits nothing half-done', async () => {
    const log = await logWith();
    const base = createMemoryReadSideStore();
    let commits = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: ReadSideStore = {
      ...base,
      commit: async (target, batch) => {
        commits += 1;
        if (commits === 2) await gate;
        return base.commit(target, batch);
      },
    };
    const runner = createProjectionRunner({ events: log, readSide: slow, projections: [disputeSummaryProjection], batchSize: 10, pollIntervalMs: 5 });
    runner.start();
    while (commits < 2) await new Promise((resolve) => setTimeout(resolve, 1));
    const stopped = runner.stop();
    release();
    await stopped;
    expect(expectRight(await base.readCheckpoint({ projection: 'dispute_summary', generation: 1 }))).toBe(20);
    expect(runner.status()[0]!.state).toBe('stopped');
    expect(expectRight(await base.tryAcquireLease({ projection: 'dispute_summary', owner: 'someone-else', now: Date.now(), ttlMs: 1 }))).toBe(true);
  });

  it('parks a stream whose event it cannot decode, naming where and why, and goes on with the other streams', async () => {
    const log = await logWith(5);
    const meta = (eventId: string) => ({ eventId, commandId: 'c', recordedAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 });
    expectRight(await log.appendToStream('dispute-broken', [{ type: 'DisputeOpened', data: { nonsense: true }, metadata: meta('e-broken') }], { expectedVersion: 'no_stream' }));
    expectRight(await log.appendToStream('dispute-broken', [{ type: 'MessagePosted', data: { disputeId: 'broken' }, metadata: meta('e-broken-2') }], { expectedVersion: 1 }));
    await appendEvents(log, allEvents.slice(5));
    const store = createMemoryReadSideStore();
    const runner = createProjectionRunner({ events: log, readSide: store, projections: [disputeSummaryProjection], batchSize: 3 });
    expectRight(await runner.catchUp());
    const [status] = runner.status();
    expect(status!.parked).toEqual([{ streamId: 'dispute-broken', globalPosition: 6, version: 1, reason: expect.stringContaining('dispute-broken@1') }]);
    expect(status!.state).toBe('live');
    // Every other stream was applied to the end of the log, as if the broken one were not there.
    const reference = createMemoryReadSideStore();
    expectRight(await createProjectionRunner({ events: await logWith(), readSide: reference, projections: [disputeSummaryProjection] }).catchUp());
    expect(await dumpReadModels(store, [disputeSummaryProjection])).toEqual(await dumpReadModels(reference, [disputeSummaryProjection]));
    expect(expectRight(await store.readCheckpoint({ projection: 'dispute_summary', generation: 1 }))).toBe(allEvents.length + 2);
    expect(expectRight(await store.readParked({ projection: 'dispute_summary', generation: 1 }))).toEqual(status!.parked);
  });

  it('ignores events of other streams (such as the order guard)', async () => {
    const log = await logWith(5);
    expectRight(await log.appendToStream('order-1', [{ type: 'OrderDisputeReserved', data: { any: 1 }, metadata: { eventId: 'e-o', commandId: 'c', recordedAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 } }], { expectedVersion: 'no_stream' }));
    const store = createMemoryReadSideStore();
    expectRight(await createProjectionRunner({ events: log, readSide: store, projections: [disputeSummaryProjection] }).catchUp());
    expect(expectRight(await store.readCheckpoint({ projection: 'dispute_summary', generation: 1 }))).toBe(6);
  });
});
