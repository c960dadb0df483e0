import { getEventListeners } from 'node:events';
import { reactorHarness } from '../testing/reactorHarness';
import { createDeadlineScheduler, expireCommandId } from './deadlineScheduler';
import { expectRight } from '@disputekit/core/testing';

describe('deadline scheduler', () => {
  it('never fires early, fires once when due, and survives a restart without doubling the effect', async () => {
    const h = reactorHarness();
    const openedAt = h.at();
    await h.open('d1');
    await h.catchUp();
    const scheduler = createDeadlineScheduler({ service: h.service, deadlines: h.readModels.deadlineQueue, clock: h.clock });
    const due = h.dueAt(openedAt, 5); // SELLER_RESPONSE
    h.clock.advanceTo(new Date(Date.parse(due) - 1).toISOString()); // one millisecond early
    expect(expectRight(await scheduler.tick())).toEqual({ fired: 0, harmless: 0, held: 0, failed: 0 });
    h.clock.advance(1);
    expect(expectRight(await scheduler.tick())).toEqual({ fired: 1, harmless: 0, held: 0, failed: 0 });
    // the read model has not caught up yet: neither this scheduler nor a restarted one doubles anything
    expect(expectRight(await scheduler.tick()).fired).toBe(0);
    const restarted = createDeadlineScheduler({ service: h.service, deadlines: h.readModels.deadlineQueue, clock: h.clock });
    h.hours(1);
    expect(expectRight(await restarted.tick())).toEqual({ fired: 1, harmless: 0, held: 0, failed: 0 }); // answered with the first result
    const types = await h.types('d1');
    expect(types.filter((t) => t === 'DeadlineExpired')).toHaveLength(1);
    expect(types).toEqual(['DisputeOpened', 'DeadlineExpired', 'ProposalAccepted', 'Resolved']);
    await h.catchUp();
    expect(expectRight(await h.readModels.deadlineQueue.forDispute('d1'))).toEqual([]);
  });

  it('treats a stale deadline (already replaced) as harmless', async () => {
    const h = reactorHarness();
    const openedAt = h.at();
    await h.open('d2');
    await h.catchUp();
    h.hours(24);
    await h.must({ type: 'MakeProposal', disputeId: 'd2', commandId: 'revise', actor: { role: 'buyer', id: 'buyer-1' }, proposalId: 'p2', amount: { amount: 5_000, currency: 'USD' }, returnRequired: false });
    // the queue still shows the first SELLER_RESPONSE deadline; the service knows it was replaced
    h.advanceTo(h.dueAt(openedAt, 5));
    const outcomes: string[] = [];
    const scheduler = createDeadlineScheduler({ service: h.service, deadlines: h.readModels.deadlineQueue, clock: h.clock, onOutcome: (_d, o, detail) => outcomes.push(`${o}:${detail ?? ''}`) });
    expect(expectRight(await scheduler.tick())).toEqual({ fired: 0, harmless: 1, held: 0, failed: 0 });
    expect(outcomes).toEqual(['harmless:DeadlineNotActive']);
    expect((await h.types('d2')).includes('DeadlineExpired')).toBe(false);
  });

  it('derives its command ids from the deadline only, and keeps them within the id limit', () => {
    expect(expireCommandId({ disputeId: 'd1', kind: 'EVIDENCE_REQUEST', party: 'seller', dueAt: '2026-03-15T09:00:00.000Z' })).toBe(
      'expire:d1:EVIDENCE_REQUEST:seller:2026-03-15T09:00:00.000Z',
    );
    expect(expireCommandId({ disputeId: 'd1', kind: 'SELLER_RESPONSE', party: null, dueAt: 'x' })).toBe('expire:d1:SELLER_RESPONSE:-:x');
    const long = expireCommandId({ disputeId: 'd'.repeat(200), kind: 'SELLER_RESPONSE', party: null, dueAt: 'x' });
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long).toBe(expireCommandId({ disputeId: 'd'.repeat(200), kind: 'SELLER_RESPONSE', party: null, dueAt: 'x' }));
  });
  it('run() keeps at most one abort listener on its signal however many ticks it makes, and stops when aborted', async () => {
    const h = reactorHarness();
    const queue = h.readModels.deadlineQueue;
    const controller = new AbortController();
    const listenersAtTick: number[] = [];
    const ITERATIONS = 300;
    const deadlines: typeof queue = {
      ...queue,
      dueBy: (instant, limit) => {
        listenersAtTick.push(getEventListeners(controller.signal, 'abort').length);
        if (listenersAtTick.length === ITERATIONS) controller.abort();
        return queue.dueBy(instant, limit);
      },
    };
    const scheduler = createDeadlineScheduler({ service: h.service, deadlines, clock: h.clock });
    const running = scheduler.run({ signal: controller.signal, intervalMs: 0 });
    await running;
    expect(listenersAtTick).toHaveLength(ITERATIONS);
    expect(Math.max(...listenersAtTick)).toBe(0); // each wait removed its listener when its timer fired
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('run() wakes up at once when aborted in the middle of a wait, and leaves no listener behind', async () => {
    const h = reactorHarness();
    const controller = new AbortController();
    const scheduler = createDeadlineScheduler({ service: h.service, deadlines: h.readModels.deadlineQueue, clock: h.clock });
    // A wait far longer than this test's timeout: only the abort can end it in time (no timing is asserted).
    const running = scheduler.run({ signal: controller.signal, intervalMs: 600_000 });
    while (getEventListeners(controller.signal, 'abort').length === 0) await new Promise((resolve) => setTimeout(resolve, 5)); // the first tick is done
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1); // the one wait in progress
    controller.abort();
    await running;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  }, 60_000);

  it('leaves the deadlines an open chargeback holds out of the queue, fires only its REPRESENTMENT, and fires the others once the dispute resumes (decision 0006)', async () => {
    const h = reactorHarness();
    const openedAt = h.at();
    await h.open('d-cb');
    const system = { role: 'system', id: 'payments' };
    await h.must({ type: 'RecordChargeback', disputeId: 'd-cb', commandId: 'cb', actor: system, provider: 'visa', caseId: 'cb-1', amount: { amount: 5_000, currency: 'USD' }, dueBy: h.dueAt(openedAt, 2) });
    await h.catchUp();
    expect(expectRight(await h.readModels.deadlineQueue.forDispute('d-cb')).map((d) => d.kind)).toEqual(['REPRESENTMENT']);
    const scheduler = createDeadlineScheduler({ service: h.service, deadlines: h.readModels.deadlineQueue, clock: h.clock });
    // Past both the representment due date and the seller's own deadline: only the representment fires.
    h.advanceTo(h.dueAt(openedAt, 6));
    expect(expectRight(await scheduler.tick())).toEqual({ fired: 1, harmless: 0, held: 0, failed: 0 });
    await h.catchUp();
    expect(expectRight(await h.readModels.deadlineQueue.forDispute('d-cb'))).toEqual([]);
    await h.must({ type: 'RecordChargebackOutcome', disputeId: 'd-cb', commandId: 'won', actor: system, caseId: 'cb-1', outcome: 'WON', amount: { amount: 0, currency: 'USD' } });
    await h.catchUp();
    expect(expectRight(await h.readModels.deadlineQueue.forDispute('d-cb')).map((d) => d.kind).sort()).toEqual(['NEGOTIATION_WINDOW', 'SELLER_RESPONSE']);
    expect(expectRight(await scheduler.tick())).toEqual({ fired: 1, harmless: 0, held: 0, failed: 0 });
    expect((await h.types('d-cb')).slice(2)).toEqual(['DeadlineExpired', 'ChargebackDecided', 'DeadlineExpired', 'ProposalAccepted', 'Resolved']);
  });

  it('counts a deadline an open chargeback holds as held, not failed, when the queue has not caught up, and fires it once the dispute resumes', async () => {
    const h = reactorHarness();
    const openedAt = h.at();
    await h.open('d-lag');
    await h.catchUp(); // the queue shows SELLER_RESPONSE and NEGOTIATION_WINDOW ...
    const system = { role: 'system', id: 'payments' };
    // ... and does not see the chargeback that holds them (no catch-up after it).
    await h.must({ type: 'RecordChargeback', disputeId: 'd-lag', commandId: 'cb', actor: system, provider: 'visa', caseId: 'cb-1', amount: { amount: 5_000, currency: 'USD' }, dueBy: h.dueAt(openedAt, 30) });
    const outcomes: string[] = [];
    const scheduler = createDeadlineScheduler({ service: h.service, deadlines: h.readModels.deadlineQueue, clock: h.clock, onOutcome: (d, o, detail) => outcomes.push(`${d.kind}:${o}:${detail ?? ''}`) });
    h.advanceTo(h.dueAt(openedAt, 5));
    expect(expectRight(await scheduler.tick())).toEqual({ fired: 0, harmless: 0, held: 1, failed: 0 });
    expect(outcomes).toEqual(['SELLER_RESPONSE:held:ChargebackOpen']);
    // Still held at the next tick (tried again, not remembered as settled).
    expect(expectRight(await scheduler.tick())).toEqual({ fired: 0, harmless: 0, held: 1, failed: 0 });
    await h.must({ type: 'RecordChargebackOutcome', disputeId: 'd-lag', commandId: 'won', actor: system, caseId: 'cb-1', outcome: 'WON', amount: { amount: 0, currency: 'USD' } });
    // The dispute resumed: the same queue entry now fires.
    expect(expectRight(await scheduler.tick())).toEqual({ fired: 1, harmless: 0, held: 0, failed: 0 });
    expect((await h.types('d-lag')).slice(0, 4)).toEqual(['DisputeOpened', 'ChargebackOpened', 'ChargebackDecided', 'DeadlineExpired']);
  });
});
