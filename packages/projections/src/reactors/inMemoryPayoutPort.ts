import * as E from 'fp-ts/lib/Either.js';
import type { Money } from '@disputekit/core';
import type { PayoutDone, PayoutHoldRequest, PayoutNotDone, PayoutPort, PayoutReleaseRequest } from './payoutPort';

/** One hold or release that the in-memory payout service did: one per idempotency key. */
export interface PayoutMovement {
  readonly kind: 'hold' | 'release';
  readonly idempotencyKey: string;
  readonly disputeId: string;
  readonly amount: Money;
  readonly reference: string;
}

/** What the in-memory payout service does with one call: do it (once per key), or fail (retryable or not). */
export type PayoutBehaviour = { readonly kind: 'succeed' } | { readonly kind: 'fail'; readonly code: string; readonly retryable: boolean };

/** An in-memory payout service for tests and demos, with a ledger of what it held and released. */
export interface InMemoryPayoutPort extends PayoutPort {
  /** Every hold and release done, in order (one per key). */
  movements(): ReadonlyArray<PayoutMovement>;
  /** How many calls it answered, done or not. */
  callCount(): number;
  /** What is held now for a dispute: its hold, minus what its release gave back and what the refund consumed. */
  heldFor(disputeId: string): number;
}

type Request = (PayoutHoldRequest & { readonly kind: 'hold' }) | (PayoutReleaseRequest & { readonly kind: 'release' });

const sameAmount = (a: Money, b: Money): boolean => a.amount === b.amount && a.currency === b.currency;

/**
 * Creates an in-memory payout service that honours idempotency keys like a real one: a key already
 * done answers with its first reference and does nothing more; the same key with another amount is
 * refused (`IDEMPOTENCY_KEY_REUSED`). `behaviour` may make calls fail.
 */
export const createInMemoryPayoutPort = (options: { readonly behaviour?: (callNumber: number) => PayoutBehaviour } = {}): InMemoryPayoutPort => {
  const byKey = new Map<string, PayoutMovement>();
  const movements: PayoutMovement[] = [];
  const consumed = new Map<string, number>();
  let calls = 0;
  const act = async (request: Request): Promise<E.Either<PayoutNotDone, PayoutDone>> => {
    calls += 1;
    const behaviour = options.behaviour?.(calls) ?? { kind: 'succeed' };
    if (behaviour.kind === 'fail') return E.left({ _tag: 'PayoutNotDone', code: behaviour.code, retryable: behaviour.retryable });
    const existing = byKey.get(request.idempotencyKey);
    if (existing !== undefined) {
      return sameAmount(existing.amount, request.amount)
        ? E.right({ _tag: 'PayoutDone', reference: existing.reference })
        : E.left({ _tag: 'PayoutNotDone', code: 'IDEMPOTENCY_KEY_REUSED', retryable: false });
    }
    const movement: PayoutMovement = { kind: request.kind, idempotencyKey: request.idempotencyKey, disputeId: request.disputeId, amount: request.amount, reference: `po-${movements.length + 1}` };
    byKey.set(request.idempotencyKey, movement);
    movements.push(movement);
    if (request.kind === 'release') consumed.set(request.disputeId, request.consumed.amount);
    return E.right({ _tag: 'PayoutDone', reference: movement.reference });
  };
  const sum = (disputeId: string, kind: PayoutMovement['kind']): number =>
    movements.filter((m) => m.disputeId === disputeId && m.kind === kind).reduce((total, m) => total + m.amount.amount, 0);
  return {
    hold: (request) => act({ ...request, kind: 'hold' }),
    release: (request) => act({ ...request, kind: 'release' }),
    movements: () => [...movements],
    callCount: () => calls,
    heldFor: (disputeId) => sum(disputeId, 'hold') - sum(disputeId, 'release') - (consumed.get(disputeId) ?? 0),
  };
};
