import * as E from 'fp-ts/lib/Either.js';
import { checkHistory, createDisputeService, type DisputeService } from '@disputekit/core';
import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import { createSimulatedClock } from '@disputekit/core';
import { createDisputeReadModels, disputeProjections } from '../readModels/readModels';
import { createProjectionRunner } from '../runner/projectionRunner';
import { createMemoryReadSideStore } from '../stores/memoryReadSideStore';
import { createSimulatedParties, seededRandom, simulatedOpening } from '../testing/simulatedMarketplace';
import { createDeadlineScheduler, type DeadlineScheduler } from './deadlineScheduler';
import { createInMemoryPaymentGateway, type GatewayBehaviour } from './inMemoryPaymentGateway';
import { createRefundProcessor, type RefundProcessor } from './refundProcessor';

const HOUR = 3_600_000;

const simulate = async (seed: number, disputes: number) => {
  const random = seededRandom(seed);
  const clock = createSimulatedClock('2026-03-01T00:00:00Z');
  const events = createInMemoryEventStore();
  const service: DisputeService = createDisputeService({ store: events, clock, backoff: () => 0 });
  const store = createMemoryReadSideStore();
  const readModels = createDisputeReadModels(store);
  const runner = createProjectionRunner({ events, readSide: store, projections: disputeProjections, clock, batchSize: 50 });
  const gateway = createInMemoryPaymentGateway({
    hangMs: 15,
    behaviour: (): GatewayBehaviour => {
      const r = random();
      if (r < 0.45) return { kind: 'succeed' };
      if (r < 0.65) return { kind: 'decline', code: 'INSUFFICIENT_PLATFORM_BALANCE', retryable: true };
      if (r < 0.8) return { kind: 'fail-before-charge' };
      if (r < 0.93) return { kind: 'timeout' };
      return { kind: 'succeed-twice' };
    },
  });
  const newScheduler = () => createDeadlineScheduler({ service, deadlines: readModels.deadlineQueue, clock });
  const newProcessor = () =>
    createRefundProcessor({ service, summaries: readModels.disputeSummary, gateway, clock, timeoutMs: 5, backoff: (n) => Math.min(12 * HOUR, HOUR * 2 ** n) });
  let scheduler: DeadlineScheduler = newScheduler();
  let processors: RefundProcessor[] = [newProcessor()];
  const parties = createSimulatedParties({ service, clock, random, mediatorQueue: readModels.mediatorQueue, activity: 0.1 });
  const ids = Array.from({ length: disputes }, (_, i) => `sim${seed}-${i}`);
  let opened = 0;
  let restarts = 0;

  for (let step = 0; step < 2_000; step++) {
    clock.advance(Math.floor((1 + random() * 17) * HOUR));
    while (opened < disputes && random() < 0.5) {
      const open = await service.handle(simulatedOpening(opened, random, clock.now(), `sim${seed}`));
      if (E.isLeft(open)) throw new Error(`opening failed: ${open.left.message}`);
      opened += 1;
    }
    const caught = await runner.catchUp();
    if (E.isLeft(caught)) throw new Error(caught.left.message);
    if (random() < 0.1) {
      scheduler = newScheduler(); // a restart: whatever it held in memory is gone
      restarts += 1;
    }
    if (random() < 0.1) {
      processors = random() < 0.3 ? [newProcessor(), newProcessor()] : [newProcessor()]; // sometimes two race
      restarts += 1;
    }
    const fired = await scheduler.tick();
    if (E.isLeft(fired)) throw new Error(fired.left.message);
    const paid = await Promise.all(processors.map((p) => p.tick()));
    for (const p of paid) if (E.isLeft(p)) throw new Error(p.left.message);
    await parties.act(ids.slice(0, opened));
    if (opened === disputes) {
      const open = await readModels.disputeSummary.byStatus('CLOSED', { limit: 1 });
      if (E.isRight(open) && open.right.total === disputes) {
        // the summary may lag: confirm from the store
        const states = await Promise.all(ids.map((id) => service.load(id)));
        if (states.every((s) => E.isRight(s) && s.right.state.status === 'CLOSED')) break;
      }
    }
  }
  return { service, gateway, ids, restarts, readModels };
};

describe('reactors end to end: simulated clock, simulated parties, a failing gateway, restarts', () => {
  it.each([1, 2, 3])('every dispute closes and each buyer-favour one is paid exactly once (seed %i)', async (seed) => {
    const { service, gateway, ids, restarts } = await simulate(seed, 40);
    expect(restarts).toBeGreaterThan(0);
    let buyerFavour = 0;
    for (const id of ids) {
      const loaded = await service.load(id);
      if (E.isLeft(loaded)) throw new Error(loaded.left.message);
      const { state, events } = loaded.right;
      expect(state.status).toBe('CLOSED');
      if (state.status === 'NONE') continue;
      expect(checkHistory(events.map((r) => r.event))).toEqual([]);
      const refunds = events.filter((r) => r.event.type === 'RefundIssued');
      const owed = state.resolution?.outcome === 'BUYER_FAVOUR' ? state.resolution.refund.amount : 0;
      if (owed > 0) {
        buyerFavour += 1;
        expect(refunds).toHaveLength(1);
        expect(gateway.payoutsFor(id)).toHaveLength(1);
        expect(gateway.payoutsFor(id)[0]!.amount.amount).toBe(owed);
        expect(gateway.calls().filter((c) => c.request.disputeId === id && c.paid)).toHaveLength(1);
        expect(state.refunded.amount).toBe(owed);
      } else {
        expect(refunds).toHaveLength(0);
        expect(gateway.payoutsFor(id)).toHaveLength(0);
      }
    }
    expect(buyerFavour).toBeGreaterThan(3);
    // the gateway did fail along the way: the property is about money moving once despite that
    expect(gateway.calls().some((c) => c.behaviour !== 'succeed')).toBe(true);
  }, 60_000);
});
