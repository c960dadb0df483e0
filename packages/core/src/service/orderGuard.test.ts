import * as E from 'fp-ts/lib/Either.js';
import { storeUnavailable, wrongExpectedVersion } from '../eventStore/storeErrors';
import { policyWith } from '../testing/fixtures';
import { createDisputeService, type DisputeService } from './disputeService';
import type { ServiceObservation } from './serviceObservation';
import { acceptJson, cancelJson, openJson, proposalJson, refundJson } from '../testing/internal/commandJson';
import { faultyStore, type Fault, type FaultCall } from '../testing/internal/faultyStore';
import { createTestStore, type TestStore } from '../testing/internal/testStore';
import { expectRight, expectLeft } from '../testing/either';

const GUARD = 'order-order-1';

const setup = (plan: (call: FaultCall) => Fault = () => undefined) => {
  const inner = createTestStore();
  const store = faultyStore(inner, plan);
  const observations: ServiceObservation[] = [];
  const service = createDisputeService({ store, backoff: () => 0, maxRetries: 20, observe: (o) => observations.push(o) });
  return { inner, store, service, observations };
};

const rowsOf = (store: TestStore, streamId: string) => store.log.filter((r) => r.streamId === streamId);
const guardOf = (store: TestStore, streamId = GUARD) =>
  rowsOf(store, streamId).map((r) => {
    const data = r.data as { disputeId: string; reason?: string; refunded?: { amount: number } };
    return r.type === 'OrderDisputeReserved' ? `reserved ${data.disputeId}` : `released ${data.disputeId} ${data.reason} ${data.refunded?.amount}`;
  });

/** Opens d, has the seller offer `refund` and the buyer accept it, and pays it: the dispute closes. */
const refunded = async (service: DisputeService, disputeId: string, refund: number, alreadyRefunded = 0) => {
  expectRight(await service.handle(openJson({ disputeId, commandId: `${disputeId}-open`, alreadyRefunded })));
  expectRight(await service.handle(proposalJson({ disputeId, commandId: `${disputeId}-offer`, proposalId: `${disputeId}-p`, amount: refund })));
  expectRight(await service.handle(acceptJson({ disputeId, commandId: `${disputeId}-accept`, proposalId: `${disputeId}-p`, by: 'buyer' })));
  return expectRight(await service.handle(refundJson({ disputeId, commandId: `${disputeId}-refund`, amount: refund })));
};

describe('order guard: one open dispute per order', () => {
  it('refuses a second dispute while the first is open, and writes nothing for it', async () => {
    const { inner, service } = setup();
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    const error = expectLeft(await service.handle(openJson({ disputeId: 'd2', commandId: 'c2' })));
    expect(error).toMatchObject({ _tag: 'OrderHasOpenDispute', orderId: 'order-1', openDisputeId: 'd1' });
    expect(error.message).toContain('d1');
    expect(guardOf(inner)).toEqual(['reserved d1']);
    expect(rowsOf(inner, 'dispute-d2')).toHaveLength(0);
  });

  it('of concurrent OpenDispute for one order, exactly one wins; the others are told which dispute is open', async () => {
    for (let round = 0; round < 25; round++) {
      const { inner, service } = setup();
      const results = await Promise.all(
        Array.from({ length: 2 + (round % 7) }, (_, i) => service.handle(openJson({ disputeId: `d${i}`, commandId: `c${i}` }))),
      );
      const winners = results.filter(E.isRight);
      expect(winners).toHaveLength(1);
      const winner = winners[0]!.right.state;
      const winnerId = winner.status === 'NONE' ? '' : winner.disputeId;
      for (const result of results.filter(E.isLeft)) expect(result.left).toMatchObject({ _tag: 'OrderHasOpenDispute', openDisputeId: winnerId });
      expect(guardOf(inner)).toEqual([`reserved ${winnerId}`]);
      expect(inner.log.filter((r) => r.type === 'DisputeOpened')).toHaveLength(1);
    }
  });

  it('lets a new dispute open once the first has closed, recording the release (reason, refund) in the guard', async () => {
    const { inner, service } = setup();
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expectRight(await service.handle(cancelJson({ disputeId: 'd1', commandId: 'c2', day: 2 })));
    expect(guardOf(inner)).toEqual(['reserved d1', 'released d1 CLOSED 0']);
    expectRight(await service.handle(openJson({ disputeId: 'd2', commandId: 'c3', day: 3 })));
    expect(guardOf(inner)).toEqual(['reserved d1', 'released d1 CLOSED 0', 'reserved d2']);
  });

  it('counts at most maxDisputesPerOrder disputes (seed: 2)', async () => {
    const { inner, service } = setup();
    for (const [i, d] of ['d1', 'd2'].entries()) {
      expectRight(await service.handle(openJson({ disputeId: d, commandId: `${d}-open`, day: 1 + i })));
      expectRight(await service.handle(cancelJson({ disputeId: d, commandId: `${d}-cancel`, day: 1 + i })));
    }
    const error = expectLeft(await service.handle(openJson({ disputeId: 'd3', commandId: 'd3-open', day: 4 })));
    expect(error).toMatchObject({ _tag: 'DisputeLimitReached', limit: 2, opened: 2 });
    expect(rowsOf(inner, 'dispute-d3')).toHaveLength(0);
    // A policy with a higher limit lets a third one in.
    expectRight(await service.handle(openJson({ disputeId: 'd3', commandId: 'd3-open-2', day: 4, policy: policyWith('seed', { maxDisputesPerOrder: 3 }) })));
  });

  it('respects reopenAfterCancel: false', async () => {
    const { service } = setup();
    const strict = policyWith('seed', { reopenAfterCancel: false });
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1', policy: strict })));
    expectRight(await service.handle(cancelJson({ disputeId: 'd1', commandId: 'c2' })));
    expect(expectLeft(await service.handle(openJson({ disputeId: 'd2', commandId: 'c3', policy: strict, day: 6 })))).toMatchObject({
      _tag: 'ReopenAfterCancelNotAllowed',
      cancelledDisputeId: 'd1',
    });
    // The seed policy allows it.
    expectRight(await service.handle(openJson({ disputeId: 'd2', commandId: 'c4', day: 6 })));
  });
});

describe('order guard: time', () => {
  it('refuses an opening dated before an earlier dispute of the order closed (the release records when it closed)', async () => {
    const { inner, service } = setup();
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expectRight(await service.handle(cancelJson({ disputeId: 'd1', commandId: 'c2', day: 4 })));
    expect((rowsOf(inner, GUARD)[1]!.data as { closedAt: string }).closedAt).toBe('2026-03-06T10:00:00.000Z');
    expect(expectLeft(await service.handle(openJson({ disputeId: 'd2', commandId: 'c3', day: 3 })))).toMatchObject({
      _tag: 'OrderTimeWentBackwards',
      earlierDisputeId: 'd1',
      closedAt: '2026-03-06T10:00:00.000Z',
      openedAt: '2026-03-05T10:00:00.000Z',
    });
    expectRight(await service.handle(openJson({ disputeId: 'd2', commandId: 'c4', day: 4 })));
  });
});

describe('order guard: refunds across the disputes of an order', () => {
  it('requires the new snapshot to include earlier refunds in alreadyRefunded', async () => {
    const { inner, service } = setup();
    const closed = await refunded(service, 'd1', 4_000);
    expect(closed.state.status).toBe('CLOSED');
    expect(guardOf(inner)).toEqual(['reserved d1', 'released d1 CLOSED 4000']);
    const error = expectLeft(await service.handle(openJson({ disputeId: 'd2', commandId: 'c-low', alreadyRefunded: 3_999, day: 6 })));
    expect(error).toMatchObject({
      _tag: 'AlreadyRefundedTooLow',
      alreadyRefunded: { amount: 3_999, currency: 'USD' },
      refundedByEarlierDisputes: { amount: 4_000, currency: 'USD' },
    });
    expect(error.message).toContain('40.00 USD');
    expect(rowsOf(inner, 'dispute-d2')).toHaveLength(0);
    const opened = expectRight(await service.handle(openJson({ disputeId: 'd2', commandId: 'c-ok', alreadyRefunded: 4_000, day: 6 })));
    expect(opened.state.status !== 'NONE' && opened.state.refundable.amount).toBe(6_000);
  });

  it('refuses a snapshot in another currency than the earlier disputes', async () => {
    const { service } = setup();
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expectRight(await service.handle(cancelJson({ disputeId: 'd1', commandId: 'c2' })));
    expect(expectLeft(await service.handle(openJson({ disputeId: 'd2', commandId: 'c3', currency: 'EUR', day: 6 })))).toMatchObject({
      _tag: 'OrderCurrencyMismatch',
      expected: 'USD',
      actual: 'EUR',
    });
  });
});

describe('order guard: crash between the reservation and DisputeOpened', () => {
  const interruptedOpening = () => {
    let crash = true;
    const ctx = setup((call) =>
      crash && call.op === 'append' && call.streamId === 'dispute-d1' ? ((crash = false), storeUnavailable('process died')) : undefined,
    );
    return ctx;
  };

  it('the retry of the same command finds its reservation and completes the opening with the reserved events', async () => {
    const { inner, service, observations } = interruptedOpening();
    expect(expectLeft(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })))._tag).toBe('StoreUnavailable');
    expect(guardOf(inner)).toEqual(['reserved d1']);
    expect(rowsOf(inner, 'dispute-d1')).toHaveLength(0);
    const reservedAt = (rowsOf(inner, GUARD)[0]!.data as { reservedAt: string }).reservedAt;
    const opened = expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expect(opened.alreadyApplied).toBe(false);
    expect(opened.events[0]!.metadata.recordedAt).toBe(reservedAt);
    expect(guardOf(inner)).toEqual(['reserved d1']);
    expect(rowsOf(inner, 'dispute-d1')).toHaveLength(1);
    expect(observations.some((o) => o._tag === 'OpeningCompleted')).toBe(false);
  });

  it('any later guard check of the order completes it, then counts it as open', async () => {
    const { inner, service, observations } = interruptedOpening();
    expectLeft(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expect(expectLeft(await service.handle(openJson({ disputeId: 'd2', commandId: 'c2' })))).toMatchObject({ _tag: 'OrderHasOpenDispute', openDisputeId: 'd1' });
    expect(observations).toContainEqual({ _tag: 'OpeningCompleted', orderId: 'order-1', disputeId: 'd1', commandId: 'c1' });
    expect(rowsOf(inner, 'dispute-d1').map((r) => r.metadata.commandId)).toEqual(['c1']);
    // The original command's retry now gets the first result.
    const retried = expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expect(retried.alreadyApplied).toBe(true);
    expect(retried.events).toHaveLength(1);
  });

  it('another command opening the same dispute completes the reserved opening and is told the dispute exists', async () => {
    const { inner, service } = interruptedOpening();
    expectLeft(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expect(expectLeft(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1-bis' })))._tag).toBe('DisputeAlreadyOpened');
    expect(rowsOf(inner, 'dispute-d1').map((r) => r.metadata.commandId)).toEqual(['c1']);
    expect(guardOf(inner)).toEqual(['reserved d1']);
  });

  it('when the retry and another opening complete it at the same time, one append wins and both agree', async () => {
    for (let round = 0; round < 20; round++) {
      const { inner, service, observations } = interruptedOpening();
      expectLeft(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
      const [retry, other] = await Promise.all([
        service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })),
        service.handle(openJson({ disputeId: 'd2', commandId: 'c2' })),
      ]);
      expect(expectRight(retry).events.map((r) => r.version)).toEqual([1]);
      expect(expectLeft(other)).toMatchObject({ _tag: 'OrderHasOpenDispute', openDisputeId: 'd1' });
      expect(rowsOf(inner, 'dispute-d1').map((r) => r.metadata.commandId)).toEqual(['c1']);
      expect(rowsOf(inner, 'dispute-d2')).toHaveLength(0);
      expect(guardOf(inner)).toEqual(['reserved d1']);
      expect(observations.every((o) => o._tag !== 'ReleaseDeferred')).toBe(true);
    }
  });

  it('a completion that meets the original writer re-reads the dispute and counts it as open', async () => {
    let step = 0;
    // 1st append to dispute-d1: the crash; 2nd: the original writer wins the race (same events), ours is refused.
    const { inner, service, observations } = setup((call) => {
      if (call.op !== 'append' || call.streamId !== 'dispute-d1') return undefined;
      step += 1;
      return step === 1 ? storeUnavailable('process died') : step === 2 ? { after: wrongExpectedVersion('dispute-d1', 'no_stream', 1) } : undefined;
    });
    expectLeft(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expect(expectLeft(await service.handle(openJson({ disputeId: 'd2', commandId: 'c2' })))).toMatchObject({ _tag: 'OrderHasOpenDispute', openDisputeId: 'd1' });
    expect(observations).toContainEqual(expect.objectContaining({ _tag: 'Conflict', streamId: 'dispute-d1', willRetry: true }));
    expect(observations.some((o) => o._tag === 'OpeningCompleted')).toBe(false);
    expect(rowsOf(inner, 'dispute-d1')).toHaveLength(1);
  });

  it('a reservation whose dispute was opened by another command for another order is void and does not count', async () => {
    const { inner, service } = interruptedOpening();
    expectLeft(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    // d1 is opened about another order before anyone completes the reservation in order-1's guard.
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c-other', orderId: 'order-2' })));
    const strict = policyWith('seed', { maxDisputesPerOrder: 1 });
    expectRight(await service.handle(openJson({ disputeId: 'd2', commandId: 'c2', policy: strict })));
    expect(guardOf(inner)).toEqual(['reserved d1', 'released d1 VOID 0', 'reserved d2']);
    expect(guardOf(inner, 'order-order-2')).toEqual(['reserved d1']);
  });
});

describe('order guard: crash between DisputeClosed and the release', () => {
  const lostRelease = () => {
    let fail = true;
    return setup((call) =>
      fail && call.op === 'append' && call.streamId === GUARD && call.events.some((e) => e.type === 'OrderDisputeReleased')
        ? ((fail = false), storeUnavailable('process died'))
        : undefined,
    );
  };

  it('the closing command still succeeds; the release is reported as deferred', async () => {
    const { inner, service, observations } = lostRelease();
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    const closed = expectRight(await service.handle(cancelJson({ disputeId: 'd1', commandId: 'c2' })));
    expect(closed.state.status).toBe('CLOSED');
    expect(observations.filter((o) => o._tag === 'ReleaseDeferred')).toMatchObject([{ orderId: 'order-1', disputeId: 'd1', error: { _tag: 'StoreUnavailable' } }]);
    expect(guardOf(inner)).toEqual(['reserved d1']);
  });

  it('the next opening counts the closed dispute as released and records the release with its own reservation', async () => {
    const { inner, service } = lostRelease();
    await refunded(service, 'd1', 2_500);
    expect(guardOf(inner)).toEqual(['reserved d1']);
    expect(expectLeft(await service.handle(openJson({ disputeId: 'd2', commandId: 'c-low', day: 6 })))._tag).toBe('AlreadyRefundedTooLow');
    expect(guardOf(inner)).toEqual(['reserved d1']); // a refused command writes nothing
    expectRight(await service.handle(openJson({ disputeId: 'd2', commandId: 'c2', alreadyRefunded: 2_500, day: 6 })));
    expect(guardOf(inner)).toEqual(['reserved d1', 'released d1 CLOSED 2500', 'reserved d2']);
    // one append: the release and the reservation share a commit
    const [release, reservation] = rowsOf(inner, GUARD).slice(1);
    expect(release!.globalPosition + 1).toBe(reservation!.globalPosition);
  });

  it('a retry of the closing command records the release', async () => {
    const { inner, service } = lostRelease();
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expectRight(await service.handle(cancelJson({ disputeId: 'd1', commandId: 'c2' })));
    const retried = expectRight(await service.handle(cancelJson({ disputeId: 'd1', commandId: 'c2' })));
    expect(retried.alreadyApplied).toBe(true);
    expect(guardOf(inner)).toEqual(['reserved d1', 'released d1 CLOSED 0']);
    expectRight(await service.handle(cancelJson({ disputeId: 'd1', commandId: 'c2' })));
    expect(guardOf(inner)).toEqual(['reserved d1', 'released d1 CLOSED 0']);
  });
});

describe('order guard: conflicts and bad guard data', () => {
  it('retries a reservation that met another writer', async () => {
    let conflicts = 2;
    const { inner, service, observations } = setup((call) =>
      call.op === 'append' && call.streamId === GUARD && conflicts-- > 0 ? wrongExpectedVersion(GUARD, 0, 1) : undefined,
    );
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expect(guardOf(inner)).toEqual(['reserved d1']);
    expect(observations.filter((o) => o._tag === 'Conflict' && o.streamId === GUARD)).toHaveLength(2);
  });

  it('gives up with a ConcurrencyConflict on the guard stream', async () => {
    const inner = createTestStore();
    const store = faultyStore(inner, (call) => (call.op === 'append' && call.streamId === GUARD ? wrongExpectedVersion(GUARD, 0, 1) : undefined));
    const service = createDisputeService({ store, backoff: () => 0, maxRetries: 3 });
    expect(expectLeft(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })))).toMatchObject({ _tag: 'ConcurrencyConflict', streamId: GUARD, retries: 3 });
    expect(inner.log).toHaveLength(0);
  });

  it('retries a release that met another writer', async () => {
    let conflicts = 1;
    const { inner, service } = setup((call) =>
      call.op === 'append' && call.streamId === GUARD && call.events[0]!.type === 'OrderDisputeReleased' && conflicts-- > 0
        ? wrongExpectedVersion(GUARD, 1, 2)
        : undefined,
    );
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expectRight(await service.handle(cancelJson({ disputeId: 'd1', commandId: 'c2' })));
    expect(guardOf(inner)).toEqual(['reserved d1', 'released d1 CLOSED 0']);
  });

  it('reports a guard event that does not decode as CorruptEvent naming the guard stream and version', async () => {
    const { inner, service } = setup();
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    const row = inner.log.find((r) => r.streamId === GUARD)!;
    inner.log.splice(inner.log.indexOf(row), 1, { ...row, data: { ...(row.data as object), disputeId: '' } });
    const error = expectLeft(await service.handle(openJson({ disputeId: 'd2', commandId: 'c2' })));
    expect(error).toMatchObject({ _tag: 'CorruptEvent', streamId: GUARD, version: 1 });
    expect(rowsOf(inner, 'dispute-d2')).toHaveLength(0);
  });

  it('reports a reserved dispute whose stream was removed behind its back', async () => {
    const { inner, service } = setup();
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expectRight(await service.handle(cancelJson({ disputeId: 'd1', commandId: 'c2' })));
    for (const row of rowsOf(inner, 'dispute-d1')) inner.log.splice(inner.log.indexOf(row), 1);
    expect(expectLeft(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })))).toMatchObject({ _tag: 'CorruptEvent', streamId: GUARD });
  });
});
