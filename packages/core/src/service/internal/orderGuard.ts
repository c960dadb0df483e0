/*
 * The order guard (process rules §5.5): at most one open dispute per order, at most
 * `maxDisputesPerOrder` ever opened, `reopenAfterCancel` respected, and a new dispute's
 * `alreadyRefunded` covering the refunds of the order's earlier disputes — safe under concurrency in
 * every store, because it needs nothing but optimistic concurrency on one stream.
 *
 * Each order has a guard stream `order-{orderId}` holding `OrderDisputeReserved` and
 * `OrderDisputeReleased` events, always appended with the exact version read. Two `OpenDispute` for
 * one order both read the guard at version v and both append at v: the store lets exactly one
 * through; the other re-reads, finds the winner's reservation and is refused.
 *
 * Opening a dispute is two appends to two streams, so a crash can fall between them. The order is:
 *   1. decide `OpenDispute` against the empty dispute stream;
 *   2. append `OrderDisputeReserved` (carrying the decided events and their `recordedAt`) to the
 *      guard stream — THE COMMIT POINT of the opening;
 *   3. append those events to `dispute-{disputeId}` with expected version `no_stream`.
 * A reservation whose dispute stream is empty is an opening interrupted between 2 and 3 (or still
 * in flight). Whoever finds one completes it with exactly the reserved events (same event ids, same
 * metadata): a retry of the same command, or any later guard check of the order. If the original
 * writer is merely slow, one of the two identical appends wins and the other sees the events
 * already there. So an interrupted opening is repaired by a retry, and it blocks the order exactly
 * like an open dispute until then (there is no timeout and no guessing about crashed processes).
 *
 * The exact rule, for each reservation R of dispute D (first reservation of D only) in the guard:
 *   - R has a recorded release: CLOSED (with its outcome and refund) or VOID, as recorded;
 *   - else read `dispute-D`:
 *       - empty: an interrupted opening: append R's events with `no_stream`, then count D as OPEN;
 *       - its `DisputeOpened` has R's command id and this order: OPEN, or CLOSED once closed
 *         (outcome and refunded amount from the stream) — a closed dispute whose release was never
 *         recorded (crash between its `DisputeClosed` and the release) counts as released;
 *       - opened by another command or for another order: VOID (it can never become this order's
 *         dispute, since an opening always appends with `no_stream`).
 * A new reservation is appended together with the releases the check found unrecorded, in one
 * append at the guard version read; every status above only moves towards CLOSED or VOID, both
 * final, so a successful append proves the check still holds.
 *
 * When a command closes a dispute, the service appends its release (reason CLOSED, refunded amount)
 * to the guard, idempotently (one release per dispute; a retry finds it there). If that fails the
 * command still succeeds: the rule above counts the closed dispute as released anyway.
 *
 * In one transaction, where the store can. A store with `appendToStreams` (memory, SQLite,
 * PostgreSQL) writes steps 2 and 3 together — the reservation and the dispute's first events, or
 * neither — and a closing command's events together with their release. Nothing is then ever
 * interrupted, and an opening or a closing costs one commit instead of two. The repair rule above
 * stays, for stores without it (EventStoreDB) and for histories they wrote.
 */
import * as E from 'fp-ts/lib/Either.js';
import { chainNewEvents, GENESIS_HASH } from '../../audit/eventHash';
import { nowInstant } from '../../clock/clock';
import type { Instant } from '../../codecs/instant';
import { retrying, type AttemptOutcome, type RetryLoop } from '../../commandLoop/retrying';
import { runCommand } from '../../commandLoop/runCommand';
import { isOpened } from '../../dispute/state';
import type { AppendResult, StoreError, StreamAppend, StreamId } from '../../eventStore/eventStore';
import { corruptEvent } from '../../eventStore/storeErrors';
import { disputeStreamId, orderGuardStreamId } from '../../eventStore/streamIds';
import type { ReleaseClosedDispute, ReserveDispute } from '../../orderGuard/commands';
import { orderGuardDecider } from '../../orderGuard/decider';
import type { OrderDisputeReserved, OrderGuardEvent } from '../../orderGuard/events';
import type { ReservationStatus, ResolvedReservation } from '../../orderGuard/rules';
import type { GuardEntry } from '../../orderGuard/state';
import { readDisputeStream, type DisputeStream } from '../disputeStream';
import { concurrencyConflict, type HandleError } from '../handleError';
import { toNewEvents } from './newDisputeEvents';
import { guardAppend, readOrderGuard, type OrderGuardStream } from './orderGuardStream';
import type { ServiceContext } from './serviceContext';

/** The retry loop of a command on `streamId`, reporting its conflicts to the service's observer. */
export const retryLoopOf = (ctx: ServiceContext, streamId: StreamId): RetryLoop<HandleError> => ({
  policy: ctx,
  onConflict: (report) => ctx.observe({ _tag: 'Conflict', ...report }),
  giveUp: () => concurrencyConflict(streamId, ctx.maxRetries),
});

/** Classifies a reservation against its non-empty dispute stream (see the rule above). */
const classify = (orderId: string, reservation: OrderDisputeReserved['data'], stream: DisputeStream): ReservationStatus => {
  const first = stream.records[0]?.event;
  if (first?.type !== 'DisputeOpened' || first.data.commandId !== reservation.commandId || first.data.order.orderId !== orderId) {
    return { kind: 'VOID', recorded: false };
  }
  const state = stream.state;
  if (isOpened(state) && state.status === 'CLOSED') {
    return { kind: 'CLOSED', outcome: state.outcome, refunded: state.refunded, closedAt: state.closedAt, recorded: false };
  }
  return { kind: 'OPEN' };
};

/** Appends an interrupted opening's reserved events to its empty dispute stream. */
const completeOpening = (ctx: ServiceContext, reservation: OrderDisputeReserved['data']) => {
  const streamId = disputeStreamId(reservation.disputeId);
  return ctx.store.appendToStream(
    streamId,
    chainNewEvents({ streamId, version: 0, hash: GENESIS_HASH }, toNewEvents(reservation.events, reservation.commandId, reservation.reservedAt)),
    { expectedVersion: 'no_stream' },
  );
};

/** Where a reservation stands by its recorded release. */
const recordedStatus = (release: NonNullable<GuardEntry['release']>): ReservationStatus =>
  release.reason === 'CLOSED'
    ? { kind: 'CLOSED', outcome: release.outcome, refunded: release.refunded, closedAt: release.closedAt, recorded: true }
    : { kind: 'VOID', recorded: true };

/** One attempt at finding where an unreleased reservation stands, completing its opening when its stream is empty. */
const resolveOnce = async (ctx: ServiceContext, orderId: string, entry: GuardEntry): Promise<AttemptOutcome<undefined, HandleError, ReservationStatus>> => {
  const { disputeId, commandId } = entry.reservation;
  const stream = await readDisputeStream(ctx.store, disputeId);
  if (E.isLeft(stream)) return { kind: 'done', result: stream };
  if (stream.right.version > 0) return { kind: 'done', result: E.right(classify(orderId, entry.reservation, stream.right)) };
  const appended = await completeOpening(ctx, entry.reservation);
  if (E.isRight(appended)) {
    ctx.observe({ _tag: 'OpeningCompleted', orderId, disputeId, commandId });
    return { kind: 'done', result: E.right({ kind: 'OPEN' }) };
  }
  const error = appended.left;
  if (error._tag !== 'WrongExpectedVersion' && error._tag !== 'DuplicateEvent') return { kind: 'done', result: E.left(error) };
  // Someone else wrote the stream meanwhile (most likely the same opening): read it again, at once.
  return { kind: 'conflict', streamId: disputeStreamId(disputeId), error, wait: false, next: undefined };
};

/** Finds where one reservation stands, completing its opening if it was interrupted. */
const resolveReservation = async (ctx: ServiceContext, orderId: string, entry: GuardEntry): Promise<E.Either<HandleError, ReservationStatus>> => {
  if (entry.release !== undefined) return E.right(recordedStatus(entry.release));
  const streamId = disputeStreamId(entry.reservation.disputeId);
  return retrying(retryLoopOf(ctx, streamId), undefined, () => resolveOnce(ctx, orderId, entry));
};

/** What the guard says about a new opening. */
export type ReserveOutcome =
  /**
   * The dispute is reserved for this command. With `written`, its events (`opening.together`) were
   * stored in the same transaction; without, append `reservation.events` (recorded at `reservedAt`)
   * to its stream.
   */
  | { readonly kind: 'RESERVED'; readonly reservation: OrderDisputeReserved['data']; readonly written?: AppendResult }
  /** Another command had reserved this dispute; its opening is now complete: re-read the dispute and decide again. */
  | { readonly kind: 'RESTART' };

/**
 * A decided opening, as the guard needs it: the reservation command's data without what the guard
 * adds itself (the reservations it resolved, the time now), with `together`: the dispute stream's
 * first events (`events`, encoded and chained), to write in the same transaction as the reservation
 * when the store has `appendToStreams`.
 */
export type Opening = Omit<ReserveDispute['data'], 'resolved' | 'now' | 'recordedAt'> & {
  /** When the opening's events are recorded. */
  readonly recordedAt: string;
  readonly together?: StreamAppend;
};

type ReserveAttempt = AttemptOutcome<undefined, HandleError, ReserveOutcome>;

/** The guard already holds a reservation of this dispute: this command's own, or another's to complete first. */
const reservedBefore = async (ctx: ServiceContext, guard: OrderGuardStream, own: GuardEntry, commandId: string): Promise<ReserveAttempt> => {
  const disputeId = own.reservation.disputeId;
  if (own.release !== undefined) {
    // A concurrent writer may have opened and closed this dispute since it was read as empty:
    // then the opening is decided again against the stream as it now is (no false alarm).
    const now = await readDisputeStream(ctx.store, disputeId);
    if (E.isLeft(now)) return { kind: 'done', result: now };
    if (now.right.version > 0) return { kind: 'done', result: E.right({ kind: 'RESTART' }) };
    const why = `dispute ${disputeId} is recorded as released but its stream is empty: the stream was removed outside disputekit`;
    return { kind: 'done', result: E.left(corruptEvent(guard.streamId, own.reservedVersion, why)) };
  }
  if (own.reservation.commandId === commandId) return { kind: 'done', result: E.right({ kind: 'RESERVED', reservation: own.reservation }) };
  const completed = await resolveReservation(ctx, guard.state.orderId, own);
  return { kind: 'done', result: E.isLeft(completed) ? completed : E.right({ kind: 'RESTART' }) };
};

/** Where each of the guard's reservations stands, in order (stops at the first error). */
const resolveAll = async (ctx: ServiceContext, guard: OrderGuardStream): Promise<E.Either<HandleError, ReadonlyArray<ResolvedReservation>>> => {
  const resolved: ResolvedReservation[] = [];
  for (const entry of guard.state.entries) {
    const status = await resolveReservation(ctx, guard.state.orderId, entry);
    if (E.isLeft(status)) return status;
    resolved.push({ entry, status: status.right });
  }
  return E.right(resolved);
};

/** Appends the guard's part, with the dispute's first events in the same transaction when the store can. */
const appendReservation = async (ctx: ServiceContext, guardPart: StreamAppend, together: StreamAppend | undefined): Promise<E.Either<StoreError, AppendResult | undefined>> => {
  const appendMany = ctx.store.appendToStreams?.bind(ctx.store);
  if (together !== undefined && appendMany !== undefined) return E.map((results: ReadonlyArray<AppendResult>) => results[1])(await appendMany([guardPart, together]));
  return E.map(() => undefined)(await ctx.store.appendToStream(guardPart.streamId, guardPart.events, { expectedVersion: guardPart.expectedVersion }));
};

/** One attempt at reserving: read the guard, resolve its reservations, decide, append at the version read. */
const reserveOnce = async (ctx: ServiceContext, opening: Opening): Promise<ReserveAttempt> => {
  const { orderId, disputeId, commandId } = opening;
  const guard = await readOrderGuard(ctx.store, orderId);
  if (E.isLeft(guard)) return { kind: 'done', result: guard };
  const own = guard.right.state.entries.find((entry) => entry.reservation.disputeId === disputeId);
  if (own !== undefined) return reservedBefore(ctx, guard.right, own, commandId);
  const resolved = await resolveAll(ctx, guard.right);
  if (E.isLeft(resolved)) return { kind: 'done', result: resolved };
  const now = nowInstant(ctx.clock);
  const { together: _together, recordedAt, ...rest } = opening;
  const decided = orderGuardDecider.decide({ type: 'ReserveDispute', data: { ...rest, recordedAt: recordedAt as Instant, resolved: resolved.right, now } }, guard.right.state);
  if (E.isLeft(decided)) return { kind: 'done', result: decided };
  const reserved = decided.right[decided.right.length - 1] as OrderDisputeReserved;
  const together = ctx.store.appendToStreams === undefined ? undefined : opening.together;
  // With `together`, one transaction: the reservation and the dispute's first events, or neither.
  const appended = await appendReservation(ctx, guardAppend(guard.right, decided.right, commandId, now), together);
  if (E.isRight(appended)) return { kind: 'done', result: E.right({ kind: 'RESERVED', reservation: reserved.data, ...(appended.right === undefined ? {} : { written: appended.right }) }) };
  const error = appended.left;
  if (error._tag !== 'WrongExpectedVersion' && error._tag !== 'DuplicateEvent') return { kind: 'done', result: E.left(error) };
  // The dispute stream was written meanwhile (by another opening): decide again against it.
  if (error.streamId === together?.streamId) return { kind: 'done', result: E.right({ kind: 'RESTART' }) };
  return { kind: 'conflict', streamId: guard.right.streamId, error, wait: true, next: undefined };
};

/**
 * Reserves a new dispute in its order's guard stream, if the per-order rules allow it; see the
 * module comment for the protocol and the repair rule. Refusals are `OrderGuardError`s; running out
 * of retries is a `ConcurrencyConflict` on the guard stream.
 */
export const reserveOpening = (ctx: ServiceContext, opening: Opening): Promise<E.Either<HandleError, ReserveOutcome>> =>
  retrying(retryLoopOf(ctx, orderGuardStreamId(opening.orderId)), undefined, () => reserveOnce(ctx, opening));

/** The guard command that releases a closed dispute, or `undefined` when `closed` is not a closed dispute. */
const releaseCommand = (ctx: ServiceContext, closed: Pick<DisputeStream, 'records' | 'state'>): ReleaseClosedDispute | undefined => {
  const state = closed.state;
  const opened = closed.records[0]?.event;
  if (!isOpened(state) || state.status !== 'CLOSED' || opened?.type !== 'DisputeOpened') return undefined;
  const now = nowInstant(ctx.clock);
  const data = { disputeId: state.disputeId, openingCommandId: opened.data.commandId, outcome: state.outcome, refunded: state.refunded, closedAt: state.closedAt, now };
  return { type: 'ReleaseClosedDispute', data };
};

/**
 * Reads the order's guard and builds the append that records a closed dispute's release (reason
 * CLOSED, with its outcome and refunded amount) at the guard's current version; `undefined` when
 * there is nothing to record: the release is already there, or the guard never reserved this
 * dispute (it was opened some other way). `closed` is the dispute's stream after its closing events.
 */
export const prepareRelease = async (
  ctx: ServiceContext,
  closed: Pick<DisputeStream, 'records' | 'state'>,
  causedBy: string,
): Promise<E.Either<HandleError, StreamAppend | undefined>> => {
  const command = releaseCommand(ctx, closed);
  if (command === undefined || !isOpened(closed.state)) return E.right(undefined);
  const guard = await readOrderGuard(ctx.store, closed.state.orderId);
  if (E.isLeft(guard)) return guard;
  const decided = orderGuardDecider.decide(command, guard.right.state);
  if (E.isLeft(decided) || decided.right.length === 0) return E.right(undefined);
  return E.right(guardAppend(guard.right, decided.right, causedBy, command.data.now));
};

/**
 * Records in the order's guard stream that a closed dispute no longer blocks the order, on its own
 * (after the closing events were stored; see `prepareRelease` for the same in one transaction).
 * Idempotent: does nothing when the release is already there, or when the guard never reserved this
 * dispute (it was opened some other way).
 */
export const releaseClosedDispute = async (ctx: ServiceContext, stream: DisputeStream, causedBy: string): Promise<E.Either<HandleError, void>> => {
  const state = stream.state;
  if (!isOpened(state) || state.status !== 'CLOSED') return E.right(undefined);
  let command: ReleaseClosedDispute | undefined;
  return runCommand<OrderGuardStream, OrderGuardEvent, HandleError, void>(retryLoopOf(ctx, orderGuardStreamId(state.orderId)), {
    read: () => readOrderGuard(ctx.store, state.orderId),
    decide: (guard) => {
      command = releaseCommand(ctx, stream);
      return command === undefined ? E.right([]) : orderGuardDecider.decide(command, guard.state);
    },
    append: async (guard, events) => {
      const part = guardAppend(guard, events, causedBy, command!.data.now);
      return E.map(() => undefined)(await ctx.store.appendToStream(part.streamId, part.events, { expectedVersion: part.expectedVersion }));
    },
    unchanged: () => undefined,
    duplicateIsDone: true,
  });
};
