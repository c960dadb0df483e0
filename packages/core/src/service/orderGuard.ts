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
import { isOpened, type OpenedDispute } from '../dispute/state';
import type { DisputeEvent } from '../dispute/events';
import type { AppendResult, ExpectedVersion, NewEvent, StoreError, StreamAppend } from '../eventStore/eventStore';
import { disputeStreamId } from '../eventStore/eventStore';
import { corruptEvent } from '../eventStore/storeErrors';
import type { Instant } from '../codecs/instant';
import { nowInstant } from '../clock/clock';
import type { Money } from '../money/money';
import type { DisputePolicy } from '../policy/policy';
import type { OrderSnapshot } from '../dispute/vocabulary';
import { readDisputeStream, type DisputeStream } from './disputeStream';
import { deterministicId } from './eventIds';
import { concurrencyConflict, type HandleError } from './handleError';
import { encodeOrderGuardEvent, orderGuardStreamId, type OrderDisputeReleased, type OrderDisputeReserved, type OrderGuardEvent } from './orderGuardEvents';
import { checkOrderGuardRules, type ReservationStatus, type ResolvedReservation } from './orderGuardRules';
import { foldOrderGuard, type GuardEntry, type OrderGuardState } from './orderGuardState';
import { toNewEvents } from './newDisputeEvents';
import { chainNewEvents, GENESIS_HASH } from '../audit/eventHash';
import { pause, type ServiceContext } from './serviceContext';

/** The schema version of the guard's events. */
const GUARD_SCHEMA_VERSION = 1;

const expectedVersionOf = (version: number): ExpectedVersion => (version === 0 ? 'no_stream' : version);

/** Reads and folds an order's guard stream. */
export const readOrderGuard = async (ctx: ServiceContext, orderId: string): Promise<E.Either<HandleError, OrderGuardState>> => {
  const stored = await ctx.store.readStream(orderGuardStreamId(orderId));
  return E.isLeft(stored) ? stored : foldOrderGuard(orderId, stored.right);
};

const guardNewEvent = (event: OrderGuardEvent, eventId: string, commandId: string, recordedAt: string): NewEvent => {
  const encoded = encodeOrderGuardEvent(event);
  return { type: encoded.type, data: encoded.data, metadata: { eventId, commandId, recordedAt, schemaVersion: GUARD_SCHEMA_VERSION } };
};

const reservedEventId = (orderId: string, disputeId: string, commandId: string): string =>
  deterministicId(`${orderGuardStreamId(orderId)}/reserved/${disputeId}/${commandId}`);

const releasedEventId = (orderId: string, disputeId: string): string => deterministicId(`${orderGuardStreamId(orderId)}/released/${disputeId}`);

const releaseEvent = (
  orderId: string,
  disputeId: string,
  status: Extract<ReservationStatus, { kind: 'CLOSED' | 'VOID' }>,
  zeroIn: Money['currency'],
  releasedAt: string,
): OrderDisputeReleased =>
  ({
    type: 'OrderDisputeReleased',
    data:
      status.kind === 'CLOSED'
        ? {
            orderId,
            disputeId,
            reason: 'CLOSED',
            refunded: status.refunded,
            releasedAt,
            ...(status.outcome === undefined ? {} : { outcome: status.outcome }),
            ...(status.closedAt === undefined ? {} : { closedAt: status.closedAt }),
          }
        : { orderId, disputeId, reason: 'VOID', refunded: { amount: 0, currency: zeroIn }, releasedAt },
  }) as OrderDisputeReleased;

/** The currency of a reservation's order (for a void release's zero refund). */
const reservationCurrency = (reservation: OrderDisputeReserved['data']): Money['currency'] | undefined => {
  const opened = reservation.events.find((e) => e.type === 'DisputeOpened');
  return opened?.type === 'DisputeOpened' ? opened.data.order.paid.currency : undefined;
};

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

/** Finds where one reservation stands, completing its opening if it was interrupted. */
const resolveReservation = async (ctx: ServiceContext, orderId: string, entry: GuardEntry): Promise<E.Either<HandleError, ReservationStatus>> => {
  const release = entry.release;
  if (release !== undefined) {
    return E.right(
      release.reason === 'CLOSED'
        ? { kind: 'CLOSED', outcome: release.outcome, refunded: release.refunded, closedAt: release.closedAt, recorded: true }
        : { kind: 'VOID', recorded: true },
    );
  }
  const { disputeId, commandId } = entry.reservation;
  for (let attempt = 0; attempt <= ctx.maxRetries; attempt++) {
    const stream = await readDisputeStream(ctx.store, disputeId);
    if (E.isLeft(stream)) return stream;
    if (stream.right.version > 0) return E.right(classify(orderId, entry.reservation, stream.right));
    const appended = await completeOpening(ctx, entry.reservation);
    if (E.isRight(appended)) {
      ctx.observe({ _tag: 'OpeningCompleted', orderId, disputeId, commandId });
      return E.right({ kind: 'OPEN' });
    }
    const error = appended.left;
    if (error._tag !== 'WrongExpectedVersion' && error._tag !== 'DuplicateEvent') return E.left(error);
    // Someone else wrote the stream meanwhile (most likely the same opening): read it again.
    ctx.observe({ _tag: 'Conflict', streamId: disputeStreamId(disputeId), attempt: attempt + 1, error, willRetry: attempt < ctx.maxRetries });
  }
  return E.left(concurrencyConflict(disputeStreamId(disputeId), ctx.maxRetries));
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

/** A decided opening, as the guard needs it. */
export interface Opening {
  readonly orderId: string;
  readonly disputeId: string;
  readonly commandId: string;
  readonly order: OrderSnapshot;
  readonly policy: DisputePolicy;
  /** The `at` of the opening. */
  readonly openedAt: Instant;
  /** The events `OpenDispute` decided (its `DisputeOpened`). */
  readonly events: ReadonlyArray<DisputeEvent>;
  /** When they are recorded. */
  readonly recordedAt: string;
  /**
   * The dispute stream's first events (`events`, encoded and chained), to write in the same
   * transaction as the reservation when the store has `appendToStreams`.
   */
  readonly together?: StreamAppend;
}

/**
 * Reserves a new dispute in its order's guard stream, if the per-order rules allow it; see the
 * module comment for the protocol and the repair rule. Refusals are `OrderGuardError`s; running out
 * of retries is a `ConcurrencyConflict` on the guard stream.
 */
export const reserveOpening = async (ctx: ServiceContext, opening: Opening): Promise<E.Either<HandleError, ReserveOutcome>> => {
  const { orderId, disputeId, commandId } = opening;
  for (let attempt = 0; attempt <= ctx.maxRetries; attempt++) {
    const guard = await readOrderGuard(ctx, orderId);
    if (E.isLeft(guard)) return guard;
    const own = guard.right.entries.find((entry) => entry.reservation.disputeId === disputeId);
    if (own !== undefined) {
      if (own.release !== undefined) {
        // A concurrent writer may have opened and closed this dispute since it was read as empty:
        // then the opening is decided again against the stream as it now is (no false alarm).
        const now = await readDisputeStream(ctx.store, disputeId);
        if (E.isLeft(now)) return now;
        if (now.right.version > 0) return E.right({ kind: 'RESTART' });
        return E.left(
          corruptEvent(
            guard.right.streamId,
            own.reservedVersion,
            `dispute ${disputeId} is recorded as released but its stream is empty: the stream was removed outside disputekit`,
          ),
        );
      }
      if (own.reservation.commandId === commandId) return E.right({ kind: 'RESERVED', reservation: own.reservation });
      const completed = await resolveReservation(ctx, orderId, own);
      return E.isLeft(completed) ? completed : E.right({ kind: 'RESTART' });
    }
    const earlier: ResolvedReservation[] = [];
    for (const entry of guard.right.entries) {
      const status = await resolveReservation(ctx, orderId, entry);
      if (E.isLeft(status)) return status;
      earlier.push({ entry, status: status.right });
    }
    const refusal = checkOrderGuardRules(orderId, opening.order, opening.policy, opening.openedAt, earlier);
    if (refusal !== undefined) return E.left(refusal);
    const now = nowInstant(ctx.clock);
    const releases = earlier.flatMap(({ entry, status }): NewEvent[] =>
      status.kind === 'OPEN' || status.recorded
        ? []
        : [
            guardNewEvent(
              releaseEvent(orderId, entry.reservation.disputeId, status, reservationCurrency(entry.reservation) ?? opening.order.paid.currency, now),
              releasedEventId(orderId, entry.reservation.disputeId),
              commandId,
              now,
            ),
          ],
    );
    const reservation = {
      orderId,
      disputeId,
      commandId,
      reservedAt: opening.recordedAt,
      events: opening.events,
    } as OrderDisputeReserved['data'];
    const reserved = guardNewEvent({ type: 'OrderDisputeReserved', data: reservation }, reservedEventId(orderId, disputeId, commandId), commandId, now);
    const head = { streamId: guard.right.streamId, version: guard.right.version, hash: guard.right.headHash };
    const guardPart: StreamAppend = {
      streamId: guard.right.streamId,
      events: chainNewEvents(head, [...releases, reserved]),
      expectedVersion: expectedVersionOf(guard.right.version),
    };
    const appendMany = ctx.store.appendToStreams?.bind(ctx.store);
    const together = appendMany === undefined ? undefined : opening.together;
    // With `together`, one transaction: the reservation and the dispute's first events, or neither.
    const appended: E.Either<StoreError, AppendResult | undefined> =
      together !== undefined && appendMany !== undefined
        ? E.map((results: ReadonlyArray<AppendResult>) => results[1])(await appendMany([guardPart, together]))
        : E.map(() => undefined)(await ctx.store.appendToStream(guardPart.streamId, guardPart.events, { expectedVersion: guardPart.expectedVersion }));
    if (E.isRight(appended)) return E.right({ kind: 'RESERVED', reservation, ...(appended.right === undefined ? {} : { written: appended.right }) });
    const error = appended.left;
    if (error._tag !== 'WrongExpectedVersion' && error._tag !== 'DuplicateEvent') return E.left(error);
    // The dispute stream was written meanwhile (by another opening): decide again against it.
    if (error.streamId === together?.streamId) return E.right({ kind: 'RESTART' });
    const willRetry = attempt < ctx.maxRetries;
    ctx.observe({ _tag: 'Conflict', streamId: guard.right.streamId, attempt: attempt + 1, error, willRetry });
    if (willRetry) await pause(ctx.backoff(attempt + 1));
  }
  return E.left(concurrencyConflict(orderGuardStreamId(orderId), ctx.maxRetries));
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
  const state = closed.state;
  const opened = closed.records[0]?.event;
  if (!isOpened(state) || state.status !== 'CLOSED' || opened?.type !== 'DisputeOpened') return E.right(undefined);
  const orderId = state.orderId;
  const guard = await readOrderGuard(ctx, orderId);
  if (E.isLeft(guard)) return guard;
  const entry = guard.right.entries.find((e) => e.reservation.disputeId === state.disputeId);
  if (entry === undefined || entry.release !== undefined || entry.reservation.commandId !== opened.data.commandId) return E.right(undefined);
  const now = nowInstant(ctx.clock);
  const release = releaseEvent(
    orderId,
    state.disputeId,
    { kind: 'CLOSED', outcome: state.outcome, refunded: state.refunded, closedAt: state.closedAt, recorded: false },
    state.refunded.currency,
    now,
  );
  const head = { streamId: guard.right.streamId, version: guard.right.version, hash: guard.right.headHash };
  return E.right({
    streamId: guard.right.streamId,
    events: chainNewEvents(head, [guardNewEvent(release, releasedEventId(orderId, state.disputeId), causedBy, now)]),
    expectedVersion: expectedVersionOf(guard.right.version),
  });
};

/**
 * Records in the order's guard stream that a closed dispute no longer blocks the order, on its own
 * (after the closing events were stored; see `prepareRelease` for the same in one transaction).
 * Idempotent: does nothing when the release is already there, or when the guard never reserved this
 * dispute (it was opened some other way).
 */
export const releaseClosedDispute = async (
  ctx: ServiceContext,
  stream: DisputeStream,
  causedBy: string,
): Promise<E.Either<HandleError, void>> => {
  const state = stream.state;
  if (!isOpened(state) || state.status !== 'CLOSED') return E.right(undefined);
  const closed: OpenedDispute = state;
  for (let attempt = 0; attempt <= ctx.maxRetries; attempt++) {
    const prepared = await prepareRelease(ctx, stream, causedBy);
    if (E.isLeft(prepared)) return prepared;
    const part = prepared.right;
    if (part === undefined) return E.right(undefined);
    const appended = await ctx.store.appendToStream(part.streamId, part.events, { expectedVersion: part.expectedVersion });
    if (E.isRight(appended)) return E.right(undefined);
    const error = appended.left;
    if (error._tag === 'DuplicateEvent') return E.right(undefined);
    if (error._tag !== 'WrongExpectedVersion') return E.left(error);
    const willRetry = attempt < ctx.maxRetries;
    ctx.observe({ _tag: 'Conflict', streamId: part.streamId, attempt: attempt + 1, error, willRetry });
    if (willRetry) await pause(ctx.backoff(attempt + 1));
  }
  return E.left(concurrencyConflict(orderGuardStreamId(closed.orderId), ctx.maxRetries));
};
