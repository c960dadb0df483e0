import fc from 'fast-check';
import { historyArb, expectRight } from '@disputekit/core/testing';
import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import { createProjectionRunner } from '../runner/projectionRunner';
import { createMemoryReadSideStore } from '../stores/memoryReadSideStore';
import { appendEvents, interleave } from '../testing/storeHistories';
import { expectedDeadlines, expectedMediatorItem, expectedPlatformCosts, expectedScorecards, expectedSummary, median } from '../testing/readModelOracle';
import { createDisputeReadModels, disputeProjections } from './readModels';
import { dumpReadModels } from '../testing/dumpReadModels';

describe('read models against the aggregate fold', () => {
  it('match the oracle computed from replay() for generated histories, and answer their queries', async () => {
    const histories = fc
      .sample(fc.uniqueArray(historyArb({ maxCommands: 30 }), { selector: (h) => h.scenario.disputeId, minLength: 8, maxLength: 8 }), { numRuns: 1, seed: 42 })[0]!
      .map((h) => h.events)
      .filter((events) => events.length > 0);
    const events = createInMemoryEventStore();
    await appendEvents(events, interleave(histories, (n) => n - 1));
    const store = createMemoryReadSideStore();
    const runner = createProjectionRunner({ events, readSide: store, projections: disputeProjections, batchSize: 7 });
    expectRight(await runner.catchUp());
    const dump = await dumpReadModels(store, disputeProjections);
    const byKey = (rows: Array<Record<string, unknown>>, key: string) => [...rows].sort((a, b) => (String(a[key]) < String(b[key]) ? -1 : 1));
    expect(dump['dispute_summary.dispute_summary']).toEqual(byKey(histories.map(expectedSummary).filter((r) => r !== undefined) as never, 'disputeId'));
    expect(dump['deadline_queue.deadline_queue']).toEqual(byKey(histories.flatMap(expectedDeadlines) as never, 'deadlineKey'));
    expect(dump['mediator_queue.mediator_queue']).toEqual(byKey(histories.map(expectedMediatorItem).filter((r) => r !== undefined) as never, 'disputeId'));
    expect(dump['platform_cost.platform_costs']).toEqual(byKey([...expectedPlatformCosts(histories).values()] as never, 'costKey'));
    const cards = expectedScorecards(histories);
    const queries = createDisputeReadModels(store);
    for (const card of cards.values()) {
      const { closeSeconds, ...counters } = card as typeof card & { closeSeconds: number[] };
      expect(dump['seller_scorecard.seller_scorecards']).toContainEqual(counters);
      const found = expectRight(await queries.sellerScorecard.forSeller(card.sellerId as string)).find((s) => s.currency === card.currency)!;
      const m = median(closeSeconds);
      expect(found.medianHoursToClose).toBe(m === null ? null : m / 3600);
      expect(found.disputesOpened).toBe(card.disputesOpened);
    }
    const anySummary = dump['dispute_summary.dispute_summary']![0]!;
    const byBuyer = expectRight(await queries.disputeSummary.byBuyer(anySummary.buyerId as string));
    expect(byBuyer.items.map((s) => s.disputeId)).toContain(anySummary.disputeId);
    expect(byBuyer.total).toBe(byBuyer.items.length);
  });
});
