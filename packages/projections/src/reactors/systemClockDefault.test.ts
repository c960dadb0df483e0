import { reactorHarness } from '../testing/reactorHarness';
import { createInMemoryPaymentGateway } from './inMemoryPaymentGateway';
import { createDeadlineScheduler } from './deadlineScheduler';
import { createRefundProcessor } from './refundProcessor';
import { expectRight } from '@disputekit/core/testing';

// The harness's disputes happen in March 2026, so on the machine's clock (later) their deadlines are due.
describe('reactors without a clock use the system clock', () => {
  it('the deadline scheduler fires what is due by the machine clock', async () => {
    const h = reactorHarness();
    expect(Date.now()).toBeGreaterThan(Date.parse('2026-04-01T00:00:00Z'));
    await h.open('sc1');
    await h.catchUp();
    const scheduler = createDeadlineScheduler({ service: h.service, deadlines: h.readModels.deadlineQueue });
    const tick = expectRight(await scheduler.tick());
    expect(tick.fired).toBeGreaterThanOrEqual(1);
    expect(tick.failed).toBe(0);
  });

  it('the refund processor records the refund at the machine time', async () => {
    const h = reactorHarness();
    await h.open('sc2');
    await h.resolveForBuyer('sc2');
    await h.catchUp();
    const before = Date.now();
    const processor = createRefundProcessor({ service: h.service, summaries: h.readModels.disputeSummary, gateway: createInMemoryPaymentGateway() });
    expect(expectRight(await processor.tick()).issued).toBe(1);
    const loaded = expectRight(await h.service.load('sc2'));
    const refund = loaded.events.find((r) => r.event.type === 'RefundIssued')!;
    expect(Date.parse(refund.event.data.at)).toBeGreaterThanOrEqual(before);
  });
});
