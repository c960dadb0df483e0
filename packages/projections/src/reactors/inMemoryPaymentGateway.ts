import * as E from 'fp-ts/lib/Either.js';
import type { Money } from '@disputekit/core';
import type { PaymentGateway, RefundNotPaid, RefundPaid, RefundRequest } from './paymentGateway';

/**
 * What the in-memory gateway does with one call:
 * - `succeed`: pays (once per key) and answers with the payout;
 * - `decline`: pays nothing and answers with `code` (retryable or not);
 * - `fail-before-charge`: the connection fails before anything happens (retryable);
 * - `timeout`: pays, but the answer comes after `hangMs`, too late for a caller that gave up;
 * - `succeed-twice`: pays and answers, then answers success again to the next call for the key
 *   whatever that call was told to do (a duplicated success the caller must absorb).
 */
export type GatewayBehaviour =
  | { readonly kind: 'succeed' }
  | { readonly kind: 'decline'; readonly code: string; readonly retryable: boolean }
  | { readonly kind: 'fail-before-charge' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'succeed-twice' };

/** Money that actually moved: one per idempotency key, however many calls. */
export interface Payout {
  readonly idempotencyKey: string;
  readonly disputeId: string;
  readonly amount: Money;
  readonly gatewayReference: string;
}

/** One call as the gateway saw it, and what it did. */
export interface GatewayCall {
  readonly request: RefundRequest;
  readonly behaviour: GatewayBehaviour['kind'];
  /** True when this call moved money (a new payout). */
  readonly paid: boolean;
}

/** Options of `createInMemoryPaymentGateway`. */
export interface InMemoryPaymentGatewayOptions {
  /** Chooses the behaviour of each call (default: always `succeed`). */
  readonly behaviour?: (request: RefundRequest, callNumber: number) => GatewayBehaviour;
  /** How late a `timeout` call answers, in real milliseconds (default 1,000). */
  readonly hangMs?: number;
}

/** An in-memory payment gateway for tests and demos, with a ledger of the money that moved. */
export interface InMemoryPaymentGateway extends PaymentGateway {
  /** Every payout, in order. */
  payouts(): ReadonlyArray<Payout>;
  /** Every call, in order. */
  calls(): ReadonlyArray<GatewayCall>;
  /** Payouts made for one dispute (1 at most, if the gateway honours keys, which this one does). */
  payoutsFor(disputeId: string): ReadonlyArray<Payout>;
}

/**
 * Creates an in-memory payment gateway that honours idempotency keys like a real provider: a key
 * already paid answers with the first payout and pays nothing more; the same key with another
 * amount is declined (`IDEMPOTENCY_KEY_REUSED`). It can be told to decline, fail, time out or
 * succeed twice, call by call.
 */
export const createInMemoryPaymentGateway = (options: InMemoryPaymentGatewayOptions = {}): InMemoryPaymentGateway => {
  const byKey = new Map<string, Payout>();
  const payouts: Payout[] = [];
  const calls: GatewayCall[] = [];
  const echo = new Set<string>();
  const choose = options.behaviour ?? (() => ({ kind: 'succeed' }) as const);
  const hangMs = options.hangMs ?? 1_000;
  const paid = (p: Payout): E.Either<RefundNotPaid, RefundPaid> => E.right({ _tag: 'RefundPaid', gatewayReference: p.gatewayReference });
  const pay = (request: RefundRequest): { payout: Payout; isNew: boolean } | undefined => {
    const existing = byKey.get(request.idempotencyKey);
    if (existing !== undefined) {
      return existing.amount.amount === request.amount.amount && existing.amount.currency === request.amount.currency
        ? { payout: existing, isNew: false }
        : undefined;
    }
    const payout: Payout = {
      idempotencyKey: request.idempotencyKey,
      disputeId: request.disputeId,
      amount: request.amount,
      gatewayReference: `gw-${payouts.length + 1}`,
    };
    byKey.set(request.idempotencyKey, payout);
    payouts.push(payout);
    return { payout, isNew: true };
  };
  const reused: E.Either<RefundNotPaid, RefundPaid> = E.left({ _tag: 'RefundNotPaid', code: 'IDEMPOTENCY_KEY_REUSED', retryable: false });

  return {
    async refund(request) {
      const behaviour = echo.delete(request.idempotencyKey) ? ({ kind: 'succeed' } as const) : choose(request, calls.length + 1);
      const record = (didPay: boolean) => calls.push({ request, behaviour: behaviour.kind, paid: didPay });
      switch (behaviour.kind) {
        case 'decline':
        case 'fail-before-charge': {
          const existing = byKey.get(request.idempotencyKey);
          record(false);
          if (existing !== undefined && behaviour.kind === 'decline') return paid(existing); // a paid key answers with its payout
          return E.left({
            _tag: 'RefundNotPaid',
            code: behaviour.kind === 'decline' ? behaviour.code : 'CONNECTION_RESET',
            retryable: behaviour.kind === 'decline' ? behaviour.retryable : true,
          });
        }
        case 'timeout': {
          const done = pay(request);
          record(done?.isNew === true);
          await new Promise((resolve) => setTimeout(resolve, hangMs).unref());
          return done === undefined ? reused : paid(done.payout);
        }
        case 'succeed':
        case 'succeed-twice': {
          const done = pay(request);
          record(done?.isNew === true);
          if (done === undefined) return reused;
          if (behaviour.kind === 'succeed-twice') echo.add(request.idempotencyKey);
          return paid(done.payout);
        }
      }
    },
    payouts: () => [...payouts],
    calls: () => [...calls],
    payoutsFor: (disputeId) => payouts.filter((p) => p.disputeId === disputeId),
  };
};
