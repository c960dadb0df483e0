import type * as E from 'fp-ts/lib/Either.js';
import type { Money } from '@disputekit/core';

/** A refund to pay out. The gateway must treat a repeated `idempotencyKey` as the same refund. */
export interface RefundRequest {
  /** `dispute:{disputeId}:refund`: one refund per dispute, whatever the number of attempts. */
  readonly idempotencyKey: string;
  readonly amount: Money;
  readonly disputeId: string;
}

/** The gateway paid the refund (or had already paid it under this key). */
export interface RefundPaid {
  readonly _tag: 'RefundPaid';
  /** The gateway's reference of the payout. */
  readonly gatewayReference: string;
}

/** The gateway did not pay, as far as the caller can tell. */
export interface RefundNotPaid {
  readonly _tag: 'RefundNotPaid';
  /** The gateway's error code (`GATEWAY_TIMEOUT` when no answer came in time). */
  readonly code: string;
  /** Whether trying again (with the same key) may succeed. */
  readonly retryable: boolean;
}

/**
 * The payment provider port the refund processor calls. Implementations must honour idempotency
 * keys: a second call with a key already paid pays nothing more and answers with the first payout.
 */
export interface PaymentGateway {
  refund(request: RefundRequest): Promise<E.Either<RefundNotPaid, RefundPaid>>;
}
