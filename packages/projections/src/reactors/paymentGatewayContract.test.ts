import * as E from 'fp-ts/lib/Either.js';
import { checkPaymentGatewayContract } from '@disputekit/projections/testing';
import { createInMemoryPaymentGateway } from './inMemoryPaymentGateway';
import type { PaymentGateway } from './paymentGateway';

const DECLINED_AMOUNT = 13;

describe('the payment-gateway contract kit', () => {
  it('passes on the in-memory gateway (the project runs it against its own test gateway)', async () => {
    // The in-memory gateway is its own provider: a "restart" is a new adapter over the same ledger.
    const provider = createInMemoryPaymentGateway({
      behaviour: (request) => (request.amount.amount === DECLINED_AMOUNT ? { kind: 'decline', code: 'CARD_CLOSED', retryable: false } : { kind: 'succeed' }),
    });
    const result = await checkPaymentGatewayContract({
      connect: () => ({ refund: (request) => provider.refund(request) }),
      payoutsFor: (key) => provider.payouts().filter((p) => p.idempotencyKey === key).length,
      declinedRequest: (idempotencyKey) => ({ idempotencyKey, disputeId: 'declined', amount: { amount: DECLINED_AMOUNT, currency: 'USD' } as never }),
    });
    expect(result.checks.filter((c) => c.outcome !== 'passed')).toEqual([]);
    expect(result.passed).toBe(true);
    expect(result.checks).toHaveLength(7);
  });

  it('fails an adapter that pays every call, naming the checks it breaks', async () => {
    let paid = 0;
    const ledger: string[] = [];
    const careless: PaymentGateway = {
      refund: async (request) => {
        ledger.push(request.idempotencyKey);
        return E.right({ _tag: 'RefundPaid', gatewayReference: `ref-${(paid += 1)}` });
      },
    };
    const result = await checkPaymentGatewayContract({ connect: () => careless, payoutsFor: (key) => ledger.filter((k) => k === key).length });
    expect(result.passed).toBe(false);
    const failed = result.checks.filter((c) => c.outcome === 'failed').map((c) => c.name);
    expect(failed).toEqual([
      'a repeated idempotency key answers the first payout and pays nothing more',
      'the key holds across a restart (a new adapter instance)',
      'concurrent calls with one key pay once',
      'the same key with another amount is not paid again',
    ]);
    expect(result.checks.find((c) => c.name.startsWith('a refusal'))?.outcome).toBe('skipped');
  });

  it('fails an adapter that forgets its keys on restart', async () => {
    // It remembers keys in its own memory and calls a provider that pays whatever it is sent.
    const ledger: string[] = [];
    const adapter = (): PaymentGateway => {
      const remembered = new Map<string, string>();
      return {
        refund: async (request) => {
          let reference = remembered.get(request.idempotencyKey);
          if (reference === undefined) {
            ledger.push(request.idempotencyKey);
            reference = `ref-${ledger.length}`;
            remembered.set(request.idempotencyKey, reference);
          }
          return E.right({ _tag: 'RefundPaid', gatewayReference: reference });
        },
      };
    };
    const result = await checkPaymentGatewayContract({ connect: adapter });
    expect(result.checks.filter((c) => c.outcome === 'failed').map((c) => c.name)).toEqual(['the key holds across a restart (a new adapter instance)', 'concurrent calls with one key pay once']);
  });

  it('fails an adapter that throws or answers malformed values instead of RefundNotPaid', async () => {
    const throwing = await checkPaymentGatewayContract({ connect: () => ({ refund: async () => Promise.reject(new Error('socket hang up')) }) });
    expect(throwing.passed).toBe(false);
    expect(throwing.checks[0]!.detail).toContain('refund() threw (socket hang up)');
    const malformed = await checkPaymentGatewayContract({ connect: () => ({ refund: async () => E.left({ _tag: 'RefundNotPaid', code: '', retryable: true }) }) });
    expect(malformed.checks[0]!.detail).toContain('expected Right(RefundPaid');
  });
});
