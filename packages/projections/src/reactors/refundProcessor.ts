import * as E from 'fp-ts/lib/Either.js';
import { decide, millisOf, nowInstant, refundIdempotencyKey, refundStillDue, systemClock, type Clock, type Instant } from '@disputekit/core';
import type { ReadModelError } from '../readSide/readModelErrors';
import type { DisputeSummary, DisputeSummaryQueries } from '../readModels/disputeSummary';
import { joinedId, type CommandSender, type DisputeLoader, type SystemActor } from './commandSender';
import type { PaymentGateway, RefundNotPaid, RefundPaid } from './paymentGateway';
import { runUntilAborted } from './runUntilAborted';

/** What one refund-processor tick did. */
export interface RefundTick {
  /** Refunds the gateway paid and the service recorded (`IssueRefund` accepted). */
  readonly issued: number;
  /** Failed attempts recorded (`RecordRefundFailure`). */
  readonly failed: number;
  /** Disputes skipped: waiting for their backoff, parked after a non-retryable failure, or no longer payable in the store (a chargeback open). */
  readonly waiting: number;
  /** Commands the service did not take (store down, ...): tried again next tick. */
  readonly unsent: number;
}

/** Options of `createRefundProcessor`. */
export interface RefundProcessorOptions {
  /**
   * The dispute service: it takes the commands, and its `load` re-reads each dispute before the
   * gateway is called, so a refund the stored dispute no longer allows (a chargeback opened since the
   * summary was written, decision 0006) is never paid.
   */
  readonly service: CommandSender & DisputeLoader;
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

/** What a refund processor's tick shares: its options with defaults filled in, and what this instance remembers. */
interface RefundContext {
  readonly options: RefundProcessorOptions;
  readonly actor: SystemActor;
  readonly batchSize: number;
  readonly timeoutMs: number;
  readonly backoff: (failures: number) => number;
  readonly clock: Clock;
  /** Payouts this instance knows of whose `IssueRefund` the service has not taken yet. */
  readonly paidHere: Map<string, string>;
  /** Failures this instance recorded that the read model may not show yet. */
  readonly failuresHere: Map<string, LocalFailure>;
}

/** A failure this instance recorded: the attempt's number, when (clock millis), and whether to try again. */
interface LocalFailure {
  readonly failures: number;
  readonly at: number;
  readonly retryable: boolean;
}

/** A summary with a positive refund owed. */
type Owed = DisputeSummary & { readonly amountResolved: number };

/** What the gateway still pays: the resolved refund less what the buyer got back elsewhere (decision 0005) and by lost chargebacks (decision 0006). */
export const gatewayRefundOwed = (s: DisputeSummary): number => Math.max(0, (s.amountResolved ?? 0) - (s.amountRefundedElsewhere ?? 0) - (s.amountChargedBack ?? 0));

/** What happened to one dispute in a tick (`none`: nothing to count). */
type RefundStep = keyof RefundTick | 'none';

/** Sends `IssueRefund` for a payout; forgets the payout once the service took it or the dispute moved on. */
const sendIssue = async (ctx: RefundContext, s: Owed, gatewayReference: string, at: Instant): Promise<RefundStep> => {
  const sent = await ctx.options.service.handle({
    type: 'IssueRefund',
    disputeId: s.disputeId,
    commandId: issueRefundCommandId(s.disputeId),
    actor: ctx.actor,
    at,
    refundId: joinedId('refund', s.disputeId),
    amount: { amount: gatewayRefundOwed(s), currency: s.currency },
    gatewayReference,
  });
  if (E.isRight(sent) || sent.left._tag === 'DisputeClosed' || sent.left._tag === 'NotAllowedInStatus') {
    ctx.paidHere.delete(s.disputeId);
    return E.isRight(sent) ? 'issued' : 'none';
  }
  return 'unsent';
};

/**
 * This instance's record of its last failure for the dispute, while the read model does not show it
 * yet (undefined once the summary's last failure is that one or later: from then on the summary knows
 * more, e.g. that a mediator's `RetryRefund` reset the count).
 */
const failureNotYetInReadModel = (ctx: RefundContext, s: Owed): LocalFailure | undefined => {
  const local = ctx.failuresHere.get(s.disputeId);
  if (local === undefined || s.lastRefundFailureAt === null) return local;
  if (millisOf(s.lastRefundFailureAt as Instant) < local.at) return local;
  ctx.failuresHere.delete(s.disputeId);
  return undefined;
};

/** The failures so far (the read model's or this instance's, whichever knows more), and whether to wait. */
const failureState = (ctx: RefundContext, s: Owed, now: number): { readonly failures: number; readonly wait: boolean } => {
  const local = failureNotYetInReadModel(ctx, s);
  const failures = Math.max(s.refundFailures, local?.failures ?? 0);
  const lastAt = Math.max(s.lastRefundFailureAt === null ? Number.NEGATIVE_INFINITY : millisOf(s.lastRefundFailureAt as Instant), local?.at ?? Number.NEGATIVE_INFINITY);
  const retryable = local !== undefined && local.failures >= s.refundFailures ? local.retryable : s.lastRefundRetryable !== false;
  return { failures, wait: failures > 0 && (!retryable || now < lastAt + ctx.backoff(failures)) };
};

const recordFailure = async (ctx: RefundContext, s: Owed, failure: RefundNotPaid, attempt: number, now: number, at: Instant): Promise<RefundStep> => {
  const recorded = await ctx.options.service.handle({
    type: 'RecordRefundFailure',
    disputeId: s.disputeId,
    commandId: refundFailureCommandId(s.disputeId, attempt),
    actor: ctx.actor,
    at,
    attempt,
    errorCode: failure.code,
    retryable: failure.retryable,
  });
  ctx.failuresHere.set(s.disputeId, { failures: attempt, at: now, retryable: failure.retryable });
  return E.isRight(recorded) ? 'failed' : 'unsent';
};

/**
 * Whether the stored dispute takes the refund now: the dispute is re-read through the service and the
 * `IssueRefund` decided against it (without appending). The summary may lag behind the store; a
 * refund refused there (a chargeback opened since, the dispute closed, another amount due) is not paid.
 */
const payableInStore = async (ctx: RefundContext, s: Owed, at: Instant): Promise<'payable' | 'not-payable' | 'unread'> => {
  const loaded = await ctx.options.service.load(s.disputeId);
  if (E.isLeft(loaded)) return 'unread';
  const state = loaded.right.state;
  const owed = state.status === 'NONE' ? undefined : refundStillDue(state);
  if (owed === undefined || owed.amount !== gatewayRefundOwed(s)) return 'not-payable';
  const command = { type: 'IssueRefund' as const, disputeId: s.disputeId, commandId: `${issueRefundCommandId(s.disputeId)}:check`, actor: ctx.actor, at, refundId: joinedId('refund', s.disputeId), amount: owed, gatewayReference: 'check' };
  return E.isRight(decide(command as never, state)) ? 'payable' : 'not-payable';
};

/** One dispute owed a refund: send a payout known here, or wait, or pay through the gateway and record the result. */
const refundOne = async (ctx: RefundContext, s: Owed): Promise<RefundStep> => {
  const now = ctx.clock.now();
  const at = nowInstant(ctx.clock);
  const known = ctx.paidHere.get(s.disputeId);
  if (known !== undefined) return sendIssue(ctx, s, known, at);
  const { failures, wait } = failureState(ctx, s, now);
  if (wait) return 'waiting';
  const payable = await payableInStore(ctx, s, at);
  if (payable !== 'payable') return payable === 'unread' ? 'unsent' : 'waiting';
  const result = await withTimeout(
    ctx.options.gateway.refund({
      idempotencyKey: refundIdempotencyKey(s.disputeId),
      amount: { amount: gatewayRefundOwed(s), currency: s.currency } as never,
      disputeId: s.disputeId,
    }),
    ctx.timeoutMs,
  );
  if (E.isLeft(result)) return recordFailure(ctx, s, result.left, failures + 1, now, at);
  ctx.paidHere.set(s.disputeId, result.right.gatewayReference);
  return sendIssue(ctx, s, result.right.gatewayReference, at);
};

const tick = async (ctx: RefundContext): Promise<E.Either<ReadModelError, RefundTick>> => {
  const page = await ctx.options.summaries.awaitingRefund({ limit: ctx.batchSize });
  if (E.isLeft(page)) return page;
  const counts = { issued: 0, failed: 0, waiting: 0, unsent: 0 };
  for (const s of page.right.items) {
    if (s.amountResolved === null || gatewayRefundOwed(s) <= 0) continue;
    const step = await refundOne(ctx, s as Owed);
    if (step !== 'none') counts[step] += 1;
  }
  const open = new Set(page.right.items.map((s) => s.disputeId));
  for (const id of ctx.failuresHere.keys()) if (!open.has(id)) ctx.failuresHere.delete(id);
  return E.right(counts);
};

/**
 * Creates the refund processor: for each dispute awaiting its refund, it calls the payment gateway
 * with the key `dispute:{disputeId}:refund`, then sends `IssueRefund` (command id
 * `refund:{disputeId}`) on success or `RecordRefundFailure` (`refund-failure:{disputeId}:{attempt}`)
 * on failure, retrying retryable failures with backoff. Money moves once per dispute: the gateway
 * pays a key once, the decider records one refund, and repeated commands return the first result.
 */
export const createRefundProcessor = (options: RefundProcessorOptions): RefundProcessor => {
  const ctx: RefundContext = {
    options,
    actor: { role: 'system', id: options.actorId ?? 'refund-processor' },
    batchSize: options.batchSize ?? 100,
    timeoutMs: options.timeoutMs ?? 10_000,
    backoff: options.backoff ?? defaultRefundBackoff,
    clock: options.clock ?? systemClock,
    paidHere: new Map(),
    failuresHere: new Map(),
  };
  return {
    tick: () => tick(ctx),
    run: ({ signal, intervalMs = 1_000 }) => runUntilAborted(() => tick(ctx), signal, intervalMs),
  };
};
