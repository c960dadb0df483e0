import type * as E from 'fp-ts/lib/Either.js';
import type { Money } from '@disputekit/core';

/** A hold on a seller's payout. The payout service must treat a repeated `idempotencyKey` as the same hold. */
export interface PayoutHoldRequest {
  /** `dispute:{disputeId}:hold`: one hold per dispute, whatever the number of calls. */
  readonly idempotencyKey: string;
  readonly disputeId: string;
  readonly sellerId: string;
  readonly amount: Money;
}

/** The end of a hold: `amount` goes back to the seller's payout, `consumed` paid the refund. */
export interface PayoutReleaseRequest {
  /** `dispute:{disputeId}:release`: one release per dispute. */
  readonly idempotencyKey: string;
  readonly disputeId: string;
  readonly amount: Money;
  readonly consumed: Money;
}

/** The payout service did it (or had already done it under this key). */
export interface PayoutDone {
  readonly _tag: 'PayoutDone';
  /** The payout service's reference of the hold or release. */
  readonly reference: string;
}

/** The payout service did not do it, as far as the caller can tell. */
export interface PayoutNotDone {
  readonly _tag: 'PayoutNotDone';
  readonly code: string;
  /** Whether trying again (with the same key) may succeed. */
  readonly retryable: boolean;
}

/**
 * The seller-payout port the payout reactor calls. Implementations must honour idempotency keys: a
 * second call with a key already done does nothing more and answers with the first reference.
 */
export interface PayoutPort {
  hold(request: PayoutHoldRequest): Promise<E.Either<PayoutNotDone, PayoutDone>>;
  release(request: PayoutReleaseRequest): Promise<E.Either<PayoutNotDone, PayoutDone>>;
}
