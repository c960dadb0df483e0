import * as E from 'fp-ts/lib/Either.js';
import type { Money } from '../money/money';
import type { OrderGuardCommand, ReleaseClosedDispute, ReserveDispute } from './commands';
import type { OrderGuardError } from './errors';
import type { OrderDisputeReleased, OrderDisputeReserved, OrderGuardEvent } from './events';
import { checkOrderGuardRules, type ReservationStatus } from './rules';
import type { OrderGuardState } from './state';

/** A reservation's end, as recorded in its release. */
type Ended = Extract<ReservationStatus, { kind: 'CLOSED' | 'VOID' }>;

/** The release event of a reservation that ended (`zeroIn`: the currency of a void release's zero refund). */
export const releaseEvent = (orderId: string, disputeId: string, status: Ended, zeroIn: Money['currency'], releasedAt: string): OrderDisputeReleased =>
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

/**
 * A reservation passes the per-order rules (`checkOrderGuardRules`): its events are the releases
 * the resolution found unrecorded, then the reservation itself.
 */
const reserve = ({ data }: ReserveDispute): E.Either<OrderGuardError, ReadonlyArray<OrderGuardEvent>> => {
  const refusal = checkOrderGuardRules(data.orderId, data.order, data.policy, data.openedAt, data.resolved);
  if (refusal !== undefined) return E.left(refusal);
  const releases = data.resolved.flatMap(({ entry, status }): OrderGuardEvent[] =>
    status.kind === 'OPEN' || status.recorded
      ? []
      : [releaseEvent(data.orderId, entry.reservation.disputeId, status, reservationCurrency(entry.reservation) ?? data.order.paid.currency, data.now)],
  );
  const reservation = {
    orderId: data.orderId,
    disputeId: data.disputeId,
    commandId: data.commandId,
    reservedAt: data.recordedAt,
    events: data.events,
  } as OrderDisputeReserved['data'];
  return E.right([...releases, { type: 'OrderDisputeReserved', data: reservation }]);
};

/** A closed dispute's release; nothing when already recorded, or when the guard never reserved it for that opening. */
const release = ({ data }: ReleaseClosedDispute, state: OrderGuardState): ReadonlyArray<OrderGuardEvent> => {
  const entry = state.entries.find((e) => e.reservation.disputeId === data.disputeId);
  if (entry === undefined || entry.release !== undefined || entry.reservation.commandId !== data.openingCommandId) return [];
  const closed: Ended = { kind: 'CLOSED', outcome: data.outcome, refunded: data.refunded, closedAt: data.closedAt, recorded: false };
  return [releaseEvent(state.orderId, data.disputeId, closed, data.refunded.currency, data.now)];
};

/** The order guard's decision (pure): the guard events a command emits, or why the guard refuses it. */
export const decideOrderGuard = (command: OrderGuardCommand, state: OrderGuardState): E.Either<OrderGuardError, ReadonlyArray<OrderGuardEvent>> =>
  command.type === 'ReserveDispute' ? reserve(command) : E.right(release(command, state));
