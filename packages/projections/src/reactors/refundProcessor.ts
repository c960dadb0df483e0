import * as E from 'fp-ts/lib/Either.js';
import { millisOf, refundIdempotencyKey, type Instant } from '@disputekit/core';
import { type ReadModelError } from '../readSide/readModelErrors';
import { nowInstant, systemClock, type Clock } from '@disputekit/core';
import type { DisputeSummary, DisputeSummaryQueries } from '../readModels/disputeSummary';
import { joinedId, type CommandSender, type SystemActor } from './commandSender';
import type { PaymentGateway, RefundNotPaid, RefundPaid } from './paymentGateway';
import { runUntilAborted } from './runUntilAborted';

/** What one refund-processor tick did. */
export interface RefundTick {
  /** Refunds the gateway paid and the service recorded (`IssueRefund` accepted). */
  readonly issued: number;
  /** Failed attempts recorded (`RecordRefundFailure`). */
  readonly failed: number;
  /** Disputes skipped: waiting for their backoff, or parked after a non-retryable failure. */
  readonly waiting: number;
  /** Commands the service did not take (store down, ...): tried again next tick. */
  readonly unsent: number;
}

/** Options of `createRefundProcessor`. */
export interface RefundProcessorOptions {
  readonly service: CommandSender;
  /** The dispute summary read model (its `awaitingRefund` query is the work list). */
  readonly summaries: DisputeSummaryQueries;
  readonly gateway: PaymentGateway;
  /** The clock for `at` and backoffs (default `systemClock`, the machine's clock; inject a simulated one in tests). */
  readonly clock?: Clock;
  /** The system actor's id (default `refund-processor`). */
  readonly actorId?: string;
  /** Disputes handled per tick (default 100). */
  readonly batchSize?: number;
  /** How long to wait for the gateway, in real milliseconds (default 10,000); then `GATEWAY_TIMEOUT`. */
  readonly timeoutMs?: number;
  /** Wait after the `failures`-th failure before trying again, in clock ms (default 30 s × 2^(failures−1), at most 1 h). */
  readonly backoff?: (failures: number) => number;
}

/** The refund processor. */
export interface RefundProcessor {
  /** Tries every dispute awaiting its refund whose backoff has passed. */
  tick(): Promise<E.Either<ReadModelError, RefundTick>>;
  /** Ticks every `intervalMs` (default 1,000) until `signal` aborts. */
  run(options: { readonly signal: AbortSignal; readonly intervalMs?: number }): Promise<void>;
}

/** The default backoff: 30 s, 1 min, 2 min, … capped at one hour. */
export const defaultRefundBackoff = (failures: number): number => Math.min(3_600_000, 30_000 * 2 ** Math.max(0, failures - 1));

/** The command id of a dispute's refund: `refund:{disputeId}`. */
export const issueRefundCommandId = (disputeId: string): string => joinedId('refund', disputeId);

/** The command id of a failed attempt: `refund-failure:{disputeId}:{attempt}`. */
export const refundFailureCommandId = (disputeId: string, attempt: number): string => joinedId('refund-failure', disputeId, attempt);

const withTimeout = async (work: Promise<E.Either<RefundNotPaid, RefundPaid>>, ms: number): Promise<E.Either<RefundNotPaid, RefundPaid>> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<E.Either<RefundNotPaid, RefundPaid>>((resolve) => {
    timer = setTimeout(() => resolve(E.left({ _tag: 'RefundNotPaid', code: 'GATEWAY_TIMEOUT', retryable: true })), ms);
  });
  try {
    return await Promise.race([
      work.catch((error: unknown) =>
        E.left<RefundNotPaid, RefundPaid>({ _tag: 'RefundNotPaid', code: `GATEWAY_ERROR: ${error instanceof Error ? error.message : String(error)}`.slice(0, 200), retryable: true }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Creates the refund processor: for each dispute awaiting its refund, it calls the payment gateway
 * with the key `dispute:{disputeId}:refund`, then sends `IssueRefund` (command id
 * `refund:{disputeId}`) on success or `RecordRefundFailure` (`refund-failure:{disputeId}:{attempt}`)
 * on failure, retrying retryable failures with backoff. Money moves once per dispute: the gateway
 * pays a key once, the decider records one refund, and repeated commands return the first result.
 */
export const createRefundProcessor = (options: RefundProcessorOptions): RefundProcessor => {
  const actor: SystemActor = { role: 'system', id: options.actorId ?? 'refund-processor' };
  const batchSize = options.batchSize ?? 100;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const backoff = options.backoff ?? defaultRefundBackoff;
  const clock = options.clock ?? systemClock;
  /** Payouts this instance knows of whose `IssueRefund` the service has not taken yet. */
  const paidHere = new Map<string, string>();
  /** Failures this instance recorded that the read model may not show yet. */
  const failuresHere = new Map<string, { failures: number; at: number; retryable: boolean }>();

  const issue = (s: DisputeSummary, gatewayReference: string, at: Instant) =>
    options.service.handle({
      type: 'IssueRefund',
      disputeId: s.disputeId,
      commandId: issueRefundCommandId(s.disputeId),
      actor,
      at,
      refundId: joinedId('refund', s.disputeId),
      amount: { amount: s.amountResolved, currency: s.currency },
      gatewayReference,
    });

  const tick = async (): Promise<E.Either<ReadModelError, RefundTick>> => {
    const page = await options.summaries.awaitingRefund({ limit: batchSize });
    if (E.isLeft(page)) return page;
    let issued = 0;
    let failed = 0;
    let waiting = 0;
    let unsent = 0;
    for (const s of page.right.items) {
      if (s.amountResolved === null || s.amountResolved <= 0) continue;
      const now = clock.now();
      const at = nowInstant(clock);
      const known = paidHere.get(s.disputeId);
      if (known !== undefined) {
        const sent = await issue(s, known, at);
        if (E.isRight(sent) || sent.left._tag === 'DisputeClosed' || sent.left._tag === 'NotAllowedInStatus') {
          paidHere.delete(s.disputeId);
          if (E.isRight(sent)) issued += 1;
        } else unsent += 1;
        continue;
      }
      const local = failuresHere.get(s.disputeId);
      const failures = Math.max(s.refundFailures, local?.failures ?? 0);
      const lastAt = Math.max(s.lastRefundFailureAt === null ? Number.NEGATIVE_INFINITY : millisOf(s.lastRefundFailureAt as Instant), local?.at ?? Number.NEGATIVE_INFINITY);
      const retryable = local !== undefined && local.failures >= s.refundFailures ? local.retryable : s.lastRefundRetryable !== false;
      if (failures > 0 && (!retryable || now < lastAt + backoff(failures))) {
        waiting += 1;
        continue;
      }
      const result = await withTimeout(
        options.gateway.refund({
          idempotencyKey: refundIdempotencyKey(s.disputeId),
          amount: { amount: s.amountResolved, currency: s.currency } as never,
          disputeId: s.disputeId,
        }),
        timeoutMs,
      );
      if (E.isRight(result)) {
        paidHere.set(s.disputeId, result.right.gatewayReference);
        const sent = await issue(s, result.right.gatewayReference, at);
        if (E.isRight(sent) || sent.left._tag === 'DisputeClosed' || sent.left._tag === 'NotAllowedInStatus') {
          paidHere.delete(s.disputeId);
          if (E.isRight(sent)) issued += 1;
        } else unsent += 1;
        continue;
      }
      const attempt = failures + 1;
      const recorded = await options.service.handle({
        type: 'RecordRefundFailure',
        disputeId: s.disputeId,
        commandId: refundFailureCommandId(s.disputeId, attempt),
        actor,
        at,
        attempt,
        errorCode: result.left.code,
        retryable: result.left.retryable,
      });
      failuresHere.set(s.disputeId, { failures: attempt, at: now, retryable: result.left.retryable });
      if (E.isRight(recorded)) failed += 1;
      else unsent += 1;
    }
    const open = new Set(page.right.items.map((s) => s.disputeId));
    for (const id of failuresHere.keys()) if (!open.has(id)) failuresHere.delete(id);
    return E.right({ issued, failed, waiting, unsent });
  };

  return {
    tick,
    run: ({ signal, intervalMs = 1_000 }) => runUntilAborted(tick, signal, intervalMs),
  };
};
