import * as E from 'fp-ts/lib/Either.js';
import { createInMemoryPaymentGateway, type GatewayBehaviour } from './inMemoryPaymentGateway';

const request = (amount = 500) => ({ idempotencyKey: 'dispute:d1:refund', amount: { amount, currency: 'USD' } as never, disputeId: 'd1' });

describe('in-memory payment gateway', () => {
  it('pays a key once: repeats answer with the first payout, another amount is refused', async () => {
    const behaviours: GatewayBehaviour[] = [{ kind: 'fail-before-charge' }, { kind: 'succeed' }, { kind: 'succeed' }, { kind: 'decline', code: 'X', retryable: true }, { kind: 'succeed' }];
    const gateway = createInMemoryPaymentGateway({ behaviour: (_r, n) => behaviours[n - 1]! });
    expect(await gateway.refund(request())).toEqual(E.left({ _tag: 'RefundNotPaid', code: 'CONNECTION_RESET', retryable: true }));
    expect(await gateway.refund(request())).toEqual(E.right({ _tag: 'RefundPaid', gatewayReference: 'gw-1' }));
    expect(await gateway.refund(request())).toEqual(E.right({ _tag: 'RefundPaid', gatewayReference: 'gw-1' }));
    expect(await gateway.refund(request())).toEqual(E.right({ _tag: 'RefundPaid', gatewayReference: 'gw-1' })); // a paid key is not declined
    expect(await gateway.refund(request(499))).toEqual(E.left({ _tag: 'RefundNotPaid', code: 'IDEMPOTENCY_KEY_REUSED', retryable: false }));
    expect(gateway.payouts()).toHaveLength(1);
    expect(gateway.calls().map((c) => c.paid)).toEqual([false, true, false, false, false]);
  });

  it('a timeout pays, then answers late; succeed-twice answers the next call with success too', async () => {
    const behaviours: GatewayBehaviour[] = [{ kind: 'timeout' }, { kind: 'succeed-twice' }, { kind: 'fail-before-charge' }];
    const gateway = createInMemoryPaymentGateway({ hangMs: 5_000, behaviour: (_r, n) => behaviours[n - 1]! });
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      let answered = false;
      const late = gateway.refund(request()).then((answer) => ((answered = true), answer));
      await jest.advanceTimersByTimeAsync(4_999);
      expect(answered).toBe(false); // still hanging: the caller may give up
      expect(gateway.payoutsFor('d1')).toHaveLength(1); // but the money has moved
      await jest.advanceTimersByTimeAsync(1);
      expect(E.isRight(await late)).toBe(true);
    } finally {
      jest.useRealTimers();
    }
    expect(E.isRight(await gateway.refund(request()))).toBe(true);
    expect(E.isRight(await gateway.refund(request()))).toBe(true); // the echoed success, although told to fail
    expect(gateway.payoutsFor('d1')).toHaveLength(1);
  });
});
