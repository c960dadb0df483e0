import { getEventListeners } from 'node:events';
import { reactorHarness } from '../testing/reactorHarness';
import { createInMemoryPaymentGateway, type GatewayBehaviour } from './inMemoryPaymentGateway';
import { createRefundProcessor, defaultRefundBackoff } from './refundProcessor';
import { expectRight } from '@disputekit/core/testing';

const scripted = (...behaviours: GatewayBehaviour[]) => {
  let i = 0;
  return () => behaviours[Math.min(i++, behaviours.length - 1)]!;
};

const awaitingRefund = async (id: string) => {
  const h = reactorHarness();
  await h.open(id);
  h.hours(2);
  await h.resolveForBuyer(id);
  await h.catchUp();
  return h;
};

describe('refund processor', () => {
  it('retries a failed refund after its backoff, with the dispute idempotency key, and records it once', async () => {
    const h = await awaitingRefund('r1');
    const gateway = createInMemoryPaymentGateway({ behaviour: scripted({ kind: 'decline', code: 'PROVIDER_DOWN', retryable: true }, { kind: 'succeed' }) });
    const processor = createRefundProcessor({ service: h.service, summaries: h.readModels.disputeSummary, gateway, clock: h.clock });
    expect(expectRight(await processor.tick())).toEqual({ issued: 0, failed: 1, waiting: 0, unsent: 0 });
    await h.catchUp();
    expect(expectRight(await processor.tick())).toEqual({ issued: 0, failed: 0, waiting: 1, unsent: 0 });
    h.clock.advance(defaultRefundBackoff(1));
    expect(expectRight(await processor.tick())).toEqual({ issued: 1, failed: 0, waiting: 0, unsent: 0 });
    expect(await h.types('r1')).toEqual(['DisputeOpened', 'ProposalAccepted', 'Resolved', 'RefundFailed', 'RefundIssued', 'DisputeClosed']);
    expect(gateway.calls().map((c) => c.request.idempotencyKey)).toEqual(['dispute:r1:refund', 'dispute:r1:refund']);
    expect(gateway.payoutsFor('r1')).toEqual([{ idempotencyKey: 'dispute:r1:refund', disputeId: 'r1', amount: { amount: 5_000, currency: 'USD' }, gatewayReference: 'gw-1' }]);
    const loaded = expectRight(await h.service.load('r1'));
    expect(loaded.events.find((r) => r.event.type === 'RefundFailed')!.metadata.commandId).toBe('refund-failure:r1:1');
    expect(loaded.events.find((r) => r.event.type === 'RefundIssued')!.metadata.commandId).toBe('refund:r1');
  });

  it('parks a dispute after a non-retryable failure', async () => {
    const h = await awaitingRefund('r2');
    const gateway = createInMemoryPaymentGateway({ behaviour: scripted({ kind: 'decline', code: 'ACCOUNT_CLOSED', retryable: false }, { kind: 'succeed' }) });
    const processor = createRefundProcessor({ service: h.service, summaries: h.readModels.disputeSummary, gateway, clock: h.clock });
    expectRight(await processor.tick());
    await h.catchUp();
    h.hours(48);
    expect(expectRight(await createRefundProcessor({ service: h.service, summaries: h.readModels.disputeSummary, gateway, clock: h.clock }).tick()).waiting).toBe(1);
    expect(gateway.calls()).toHaveLength(1);
    expect(gateway.payouts()).toHaveLength(0);
  });

  it('pays nothing while the refund is blocked, and pays once after a mediator retries it', async () => {
    const h = await awaitingRefund('r5');
    const gateway = createInMemoryPaymentGateway({
      behaviour: scripted(...[1, 2, 3].map(() => ({ kind: 'decline' as const, code: 'PROVIDER_DOWN', retryable: true })), { kind: 'succeed' }),
    });
    const make = () => createRefundProcessor({ service: h.service, summaries: h.readModels.disputeSummary, gateway, clock: h.clock });
    for (let failure = 1; failure <= 3; failure += 1) {
      expect(expectRight(await make().tick()).failed).toBe(1);
      await h.catchUp();
      h.clock.advance(defaultRefundBackoff(failure));
    }
    // The seed policy's maxRefundFailures is 3: the dispute is blocked and leaves the processor's queue.
    expect((await h.types('r5')).slice(-2)).toEqual(['RefundFailed', 'RefundBlocked']);
    h.hours(48);
    expect(expectRight(await make().tick())).toEqual({ issued: 0, failed: 0, waiting: 0, unsent: 0 });
    expect(gateway.calls()).toHaveLength(3);
    await h.must({ type: 'RetryRefund', disputeId: 'r5', commandId: 'r5-retry', actor: { role: 'mediator', id: 'mediator-1' } });
    await h.catchUp();
    expect(expectRight(await make().tick()).issued).toBe(1);
    expect(gateway.payoutsFor('r5')).toHaveLength(1);
    expect((await h.types('r5')).slice(-3)).toEqual(['RefundRetried', 'RefundIssued', 'DisputeClosed']);
  });

  it('pays after a mediator retries a blocked refund, even when this processor saw the failure and never ticked while the refund was blocked', async () => {
    const h = await awaitingRefund('r6');
    const gateway = createInMemoryPaymentGateway({ behaviour: scripted({ kind: 'decline', code: 'ACCOUNT_CLOSED', retryable: false }, { kind: 'succeed' }) });
    const processor = createRefundProcessor({ service: h.service, summaries: h.readModels.disputeSummary, gateway, clock: h.clock });
    expect(expectRight(await processor.tick()).failed).toBe(1);
    await h.catchUp();
    // The non-retryable failure started REFUND_DUE; it passes, the dispute is blocked, and a mediator retries at once.
    const loaded = expectRight(await h.service.load('r6'));
    const refundDue = loaded.state.status === 'NONE' ? undefined : loaded.state.deadlines.find((d) => d.kind === 'REFUND_DUE');
    expect(refundDue).toBeDefined();
    h.advanceTo(refundDue!.dueAt);
    h.hours(1);
    await h.must({ type: 'ExpireDeadline', disputeId: 'r6', commandId: 'r6-expire', actor: { role: 'system', id: 'deadlines' }, kind: 'REFUND_DUE', dueAt: refundDue!.dueAt });
    await h.must({ type: 'RetryRefund', disputeId: 'r6', commandId: 'r6-retry', actor: { role: 'mediator', id: 'mediator-1' } });
    await h.catchUp();
    expect(expectRight(await processor.tick()).issued).toBe(1);
    expect(gateway.payoutsFor('r6')).toHaveLength(1);
    expect((await h.types('r6')).slice(-4)).toEqual(['RefundBlocked', 'RefundRetried', 'RefundIssued', 'DisputeClosed']);
  });

  it('after a timeout that did charge, the retry gets the first payout back: money moves once', async () => {
    const h = await awaitingRefund('r3');
    const gateway = createInMemoryPaymentGateway({ hangMs: 30, behaviour: scripted({ kind: 'timeout' }, { kind: 'succeed' }) });
    const processor = createRefundProcessor({ service: h.service, summaries: h.readModels.disputeSummary, gateway, clock: h.clock, timeoutMs: 5 });
    expect(expectRight(await processor.tick()).failed).toBe(1);
    expect(gateway.payouts()).toHaveLength(1); // the money moved although the answer was lost
    await h.catchUp();
    h.clock.advance(defaultRefundBackoff(1));
    expect(expectRight(await processor.tick()).issued).toBe(1);
    expect(gateway.payouts()).toHaveLength(1);
    expect(gateway.calls().filter((c) => c.paid)).toHaveLength(1);
    expect((await h.types('r3')).filter((t) => t === 'RefundIssued')).toHaveLength(1);
  });

  it('two processors racing on a gateway that succeeds twice record one refund', async () => {
    const h = await awaitingRefund('r4');
    const gateway = createInMemoryPaymentGateway({ behaviour: scripted({ kind: 'succeed-twice' }, { kind: 'decline', code: 'X', retryable: true }) });
    const make = () => createRefundProcessor({ service: h.service, summaries: h.readModels.disputeSummary, gateway, clock: h.clock });
    const [a, b] = await Promise.all([make().tick(), make().tick()]);
    expect(expectRight(a).issued + expectRight(b).issued).toBe(2); // both were told "paid"; the second IssueRefund returned the first result
    expect(gateway.calls().map((c) => c.paid)).toEqual([true, false]);
    expect((await h.types('r4')).filter((t) => t === 'RefundIssued')).toHaveLength(1);
    expect(gateway.payouts()).toHaveLength(1);
  });
  it('run() keeps at most one abort listener on its signal however many ticks it makes, and stops when aborted', async () => {
    const h = reactorHarness();
    const models = h.readModels.disputeSummary;
    const controller = new AbortController();
    const listenersAtTick: number[] = [];
    const ITERATIONS = 300;
    const summaries: typeof models = {
      ...models,
      awaitingRefund: (page) => {
        listenersAtTick.push(getEventListeners(controller.signal, 'abort').length);
        if (listenersAtTick.length === ITERATIONS) controller.abort();
        return models.awaitingRefund(page);
      },
    };
    const processor = createRefundProcessor({ service: h.service, summaries, gateway: createInMemoryPaymentGateway(), clock: h.clock });
    await processor.run({ signal: controller.signal, intervalMs: 0 });
    expect(listenersAtTick).toHaveLength(ITERATIONS);
    expect(Math.max(...listenersAtTick)).toBe(0); // each wait removed its listener when its timer fired
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('run() wakes up at once when aborted in the middle of a wait, and leaves no listener behind', async () => {
    const h = reactorHarness();
    const controller = new AbortController();
    const processor = createRefundProcessor({ service: h.service, summaries: h.readModels.disputeSummary, gateway: createInMemoryPaymentGateway(), clock: h.clock });
    // A wait far longer than this test's timeout: only the abort can end it in time (no timing is asserted).
    const running = processor.run({ signal: controller.signal, intervalMs: 600_000 });
    while (getEventListeners(controller.signal, 'abort').length === 0) await new Promise((resolve) => setTimeout(resolve, 5)); // the first tick is done
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1); // the one wait in progress
    controller.abort();
    await running;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  }, 60_000);

  it('pays only what is still due after the seller refunded part of it elsewhere (gateway + elsewhere = resolved)', async () => {
    const h = await awaitingRefund('r-x1');
    await h.must({ type: 'RecordExternalRefund', disputeId: 'r-x1', commandId: 'r-x1-ext', actor: { role: 'seller', id: 'seller-1' }, refundRef: 'bank-1', amount: { amount: 1_500, currency: 'USD' }, method: 'BANK_TRANSFER' });
    await h.catchUp();
    const gateway = createInMemoryPaymentGateway();
    const processor = createRefundProcessor({ service: h.service, summaries: h.readModels.disputeSummary, gateway, clock: h.clock });
    expect(expectRight(await processor.tick()).issued).toBe(1);
    expect(gateway.payoutsFor('r-x1').map((p) => p.amount)).toEqual([{ amount: 3_500, currency: 'USD' }]);
    expect((await h.types('r-x1')).slice(-3)).toEqual(['ExternalRefundRecorded', 'RefundIssued', 'DisputeClosed']);
    await h.catchUp();
    const summary = expectRight(await h.readModels.disputeSummary.get('r-x1'))!;
    expect({ resolved: summary.amountResolved, gateway: summary.amountRefunded, elsewhere: summary.amountRefundedElsewhere, count: summary.externalRefundCount }).toEqual({ resolved: 5_000, gateway: 3_500, elsewhere: 1_500, count: 1 });
  });

  it('after a mediator rules again on a blocked refund, pays the new amount', async () => {
    const h = await awaitingRefund('r-x2');
    // The gateway said the buyer's account is gone: the dispute is blocked for a mediator.
    await h.must({ type: 'RecordRefundFailure', disputeId: 'r-x2', commandId: 'r-x2-fail', actor: { role: 'system', id: 'payments' }, attempt: 1, errorCode: 'ACCOUNT_CLOSED', retryable: false, permanent: true });
    expect((await h.types('r-x2')).slice(-1)).toEqual(['RefundBlocked']);
    const gateway = createInMemoryPaymentGateway();
    const make = () => createRefundProcessor({ service: h.service, summaries: h.readModels.disputeSummary, gateway, clock: h.clock });
    await h.catchUp();
    expect(expectRight(await make().tick()).issued).toBe(0);
    await h.must({ type: 'RuleAgain', disputeId: 'r-x2', commandId: 'r-x2-again', actor: { role: 'mediator', id: 'mediator-1' }, rulingId: 'again-1', outcome: 'BUYER_FAVOUR', refund: { amount: 2_000, currency: 'USD' }, rationale: 'Half the price.' });
    await h.catchUp();
    expect(expectRight(await make().tick()).issued).toBe(1);
    expect(gateway.payoutsFor('r-x2').map((p) => p.amount)).toEqual([{ amount: 2_000, currency: 'USD' }]);
    expect((await h.types('r-x2')).slice(-3)).toEqual(['RulingRevised', 'RefundIssued', 'DisputeClosed']);
  });

  it('re-reads the stored dispute before paying: a chargeback opened since the summary was written is not paid twice (decision 0006)', async () => {
    const h = await awaitingRefund('r-cb1');
    // The summary still says AWAITING_REFUND: the chargeback is in the store but the runner has not caught up.
    await h.must({ type: 'RecordChargeback', disputeId: 'r-cb1', commandId: 'r-cb1-chargeback', actor: { role: 'system', id: 'payments' }, provider: 'visa', caseId: 'cb-1', amount: { amount: 5_000, currency: 'USD' }, dueBy: h.dueAt(h.at(), 10) });
    expect(expectRight(await h.readModels.disputeSummary.get('r-cb1'))!.status).toBe('AWAITING_REFUND');
    const gateway = createInMemoryPaymentGateway();
    const make = () => createRefundProcessor({ service: h.service, summaries: h.readModels.disputeSummary, gateway, clock: h.clock });
    expect(expectRight(await make().tick())).toEqual({ issued: 0, failed: 0, waiting: 1, unsent: 0 });
    expect(gateway.calls()).toHaveLength(0);
    await h.catchUp();
    const open = expectRight(await h.readModels.disputeSummary.get('r-cb1'))!;
    expect({ status: open.status, caseId: open.chargebackCaseId, amount: open.chargebackAmount, count: open.chargebackCount }).toEqual({ status: 'CHARGEBACK_OPEN', caseId: 'cb-1', amount: 5_000, count: 1 });
    // Lost in part: the card issuer gave 20.00 back; the gateway pays the 30.00 left, once.
    await h.must({ type: 'RecordChargebackOutcome', disputeId: 'r-cb1', commandId: 'r-cb1-lost', actor: { role: 'system', id: 'payments' }, caseId: 'cb-1', outcome: 'LOST', amount: { amount: 2_000, currency: 'USD' } });
    await h.catchUp();
    expect(expectRight(await make().tick()).issued).toBe(1);
    expect(gateway.payoutsFor('r-cb1').map((p) => p.amount)).toEqual([{ amount: 3_000, currency: 'USD' }]);
    expect((await h.types('r-cb1')).slice(-4)).toEqual(['ChargebackOpened', 'ChargebackDecided', 'RefundIssued', 'DisputeClosed']);
    await h.catchUp();
    const closed = expectRight(await h.readModels.disputeSummary.get('r-cb1'))!;
    expect({ gateway: closed.amountRefunded, chargedBack: closed.amountChargedBack, caseId: closed.chargebackCaseId, outcome: closed.outcome }).toEqual({ gateway: 3_000, chargedBack: 2_000, caseId: null, outcome: 'REFUNDED_FULL' });
    expect(expectRight(await make().tick()).issued).toBe(0);
  });

  it('a store that cannot be read sends nothing to the gateway (counted unsent, tried again next tick)', async () => {
    const h = await awaitingRefund('r-cb2');
    const gateway = createInMemoryPaymentGateway();
    const unreadable = { handle: h.service.handle, load: async () => ({ _tag: 'Left' as const, left: { _tag: 'StoreUnavailable', message: 'down' } }) };
    const processor = createRefundProcessor({ service: unreadable, summaries: h.readModels.disputeSummary, gateway, clock: h.clock });
    expect(expectRight(await processor.tick())).toEqual({ issued: 0, failed: 0, waiting: 0, unsent: 1 });
    expect(gateway.calls()).toHaveLength(0);
  });
});
