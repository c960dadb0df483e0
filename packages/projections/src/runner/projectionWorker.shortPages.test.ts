import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { historyArb, expectRight } from '@disputekit/core/testing';
import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import type { EventStore } from '@disputekit/core';
import { disputeProjections } from '../readModels/readModels';
import { createMemoryReadSideStore } from '../stores/memoryReadSideStore';
import { dumpReadModels } from '../testing/dumpReadModels';
import { appendEvents, interleave } from '../testing/storeHistories';
import { createProjectionRunner } from './projectionRunner';

/** A log whose readAll answers with a page shorter than asked (but never empty before the end), as a store may. */
const shortPaged = (log: EventStore): EventStore => ({
  ...log,
  readAll: async (options) => {
    const page = await log.readAll(options);
    return E.map((events: ReadonlyArray<(typeof page extends E.Either<unknown, infer A> ? A : never)[number]>) => events.slice(0, Math.max(1, Math.floor(events.length / 3))))(page);
  },
});

describe('projection worker', () => {
  it('does not take a short page for the end of the log: still catching up after it, and catchUp applies every event', async () => {
    const histories = fc.sample(fc.uniqueArray(historyArb({ maxCommands: 20 }), { selector: (h) => h.scenario.disputeId, minLength: 6, maxLength: 6 }), { numRuns: 1, seed: 11 })[0]!;
    const events = interleave(
      histories.map((h) => h.events),
      (n) => n - 1,
    );
    const log = createInMemoryEventStore();
    await appendEvents(log, events);
    const [whole, short] = [createMemoryReadSideStore(), createMemoryReadSideStore()];
    expectRight(await createProjectionRunner({ events: log, readSide: whole, projections: disputeProjections, batchSize: 10 }).catchUp());
    const runner = createProjectionRunner({ events: shortPaged(log), readSide: short, projections: disputeProjections, batchSize: 10 });
    expectRight(await runner.catchUp({ maxBatches: 1 }));
    // One short page in: still catching up, not live.
    expect(runner.status()[0]).toMatchObject({ state: 'catching-up' });
    expectRight(await runner.catchUp());
    expect(runner.status().map((status) => status.state)).toEqual(disputeProjections.map(() => 'live'));
    expect(await dumpReadModels(short, disputeProjections)).toEqual(await dumpReadModels(whole, disputeProjections));
    for (const p of disputeProjections) expect(expectRight(await short.readCheckpoint({ projection: p.name, generation: 1 }))).toBe(events.length);
    await Promise.all([whole.close(), short.close(), log.close()]);
  });
});
