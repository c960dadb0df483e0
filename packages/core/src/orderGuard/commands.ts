import type { Instant } from '../codecs/instant';
import type { DisputeEvent, Outcome } from '../dispute/events';
import type { OrderSnapshot } from '../dispute/vocabulary';
import type { Money } from '../money/money';
import type { DisputePolicy } from '../policy/policy';
import type { ResolvedReservation } from './rules';

/**
 * Reserve a new dispute of the order. `resolved` says where each of the guard's earlier
 * reservations stands (the service finds out by reading their dispute streams before deciding);
 * `now` is when the guard's events are recorded.
 */
export interface ReserveDispute {
  readonly type: 'ReserveDispute';
  readonly data: {
    readonly orderId: string;
    readonly disputeId: string;
    readonly commandId: string;
    readonly order: OrderSnapshot;
    readonly policy: DisputePolicy;
    /** The `at` of the opening. */
    readonly openedAt: Instant;
    /** The events `OpenDispute` decided, carried by the reservation. */
    readonly events: ReadonlyArray<DisputeEvent>;
    /** When those events are recorded (the reservation's `reservedAt`). */
    readonly recordedAt: Instant;
    readonly resolved: ReadonlyArray<ResolvedReservation>;
    readonly now: Instant;
  };
}

/** Record that a dispute the guard reserved has closed, so that it no longer blocks the order. */
export interface ReleaseClosedDispute {
  readonly type: 'ReleaseClosedDispute';
  readonly data: {
    readonly disputeId: string;
    /** The command id of the dispute's `DisputeOpened`: only the reservation it fulfilled is released. */
    readonly openingCommandId: string;
    readonly outcome: Outcome | undefined;
    readonly refunded: Money;
    readonly closedAt: Instant | undefined;
    readonly now: Instant;
  };
}

/** A command of the order guard decider. */
export type OrderGuardCommand = ReserveDispute | ReleaseClosedDispute;
