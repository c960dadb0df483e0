import * as E from 'fp-ts/lib/Either.js';
import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import type { EventStore } from '@disputekit/core';
import { historyArb, expectRight } from '@disputekit/core/testing';
import fc from 'fast-check';
import { createSimulatedClock } from '@disputekit/core';
import { disputeSummaryProjection, disputeSummaryQueries } from '../readModels/disputeSummary';
import { createMemoryReadSideStore } from '../stores/memoryReadSideStore';
import { appendEvents } from '../testing/storeHistories';
import { createProjectionRunner } from './projectionRunner';
import { readmitStream } from './readmitStream';

/** A store that shows one stored event as garbage until `repair()`, as a row edited by hand and restored later. */
const withOneBadRow = (inner: EventStore, streamId: string, version: number) => {
  let broken = true;
  const spoil = <T extends { streamId: string; version: number; data: unknown }>(event: T): T =>
    broken && event.streamId === streamId && event.version === version ? { ...event, data: { edited: 'by hand' } } : event;
  const store: EventStore = {
    ...inner,
    readStream: async (id, options) => E.map((events: ReadonlyArray<Parameters<typeof spoil>[0]>) => events.map(spoil))(await inner.readStream(id, options)) as never,
    readAll: async (options) => E.map((events: ReadonlyArray<Parameters<typeof spoil>[0]>) => events.map(spoil))(await inner.readAll(options)) as never,
  };
  return { store, repair: () => (broken = false) };
};

describe('re-admitting a repaired stream', () => {
  const histories = fc.sample(fc.uniqueArray(historyArb({ maxCommands: 12 }), { selector: (h) => h.scenario.disputeId, minLength: 4, maxLength: 4 }), { numRuns: 1, seed: 8 })[0]!;

  it('is refused while the stream is still corrupt, and rebuilds what parked it once repaired; a running runner picks it up at its next lease renewal', async () => {
    const inner = createInMemoryEventStore();
    await appendEvents(inner, histories.flatMap((h) => h.events));
    const badId = histories[1]!.scenario.disputeId;
    const { store: events, repair } = withOneBadRow(inner, `dispute-${badId}`, 1);
    const readSide = createMemoryReadSideStore();
    const clock = createSimulatedClock('2026-03-01T00:00:00Z');
    const runner = createProjectionRunner({ events, readSide, projections: [disputeSummaryProjection], clock, leaseTtlMs: 30_000 });
    expectRight(await runner.catchUp());
    expect(runner.status()[0]!.parked.map((p) => p.streamId)).toEqual([`dispute-${badId}`]);
    const summaries = disputeSummaryQueries(readSide);
    expect(expectRight(await summaries.get(badId))).toBeUndefined();

    // Another process (the CLI) asks: refused while corrupt, nothing changed.
    const refused = await readmitStream({ events, readSide, projections: [disputeSummaryProjection], streamId: `dispute-${badId}` });
    expect(E.isLeft(refused) && refused.left._tag).toBe('StreamStillCorrupt');
    expect(expectRight(await readSide.readCatalog('dispute_summary'))?.building).toBeUndefined();

    repair();
    expect(expectRight(await readmitStream({ events, readSide, projections: [disputeSummaryProjection], streamId: `dispute-${badId}` })).rebuilding).toEqual(['dispute_summary']);
    // Before its lease is due for renewal the running runner has not looked at the catalog…
    expectRight(await runner.catchUp());
    expect(runner.status()[0]!.parked).toHaveLength(1);
    // …at the renewal it sees the rebuild, runs it and swaps it in.
    clock.advance(11_000);
    expectRight(await runner.catchUp());
    expect(runner.status()[0]!.parked).toEqual([]);
    expect(runner.status()[0]!.active?.generation).toBe(2);
    expect(expectRight(await summaries.get(badId))?.disputeId).toBe(badId);
  });
});
