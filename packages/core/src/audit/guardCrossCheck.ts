import type { DisputeState } from '../dispute/state';
import type { OrderGuardEvent } from '../orderGuard/events';

/**
 * The cross-checks between order guards and disputes:
 * - `G1`: a reservation without its dispute (the guard reserved a dispute whose stream is empty);
 * - `G2`: a dispute without its reservation (its order's guard never reserved it);
 * - `G3`: a guard release that does not match how the dispute ended (released as closed when the
 *   dispute is not closed, or with another outcome, refund or closing time; released as void when
 *   the dispute is the one the reservation opened).
 */
export type GuardRule = 'G1' | 'G2' | 'G3';

/** One mismatch between an order guard and a dispute. */
export interface GuardFinding {
  readonly rule: GuardRule;
  readonly streamId: string;
  readonly version?: number;
  readonly message: string;
}

/** Where an event is, for a finding. */
interface At {
  readonly streamId: string;
  readonly version: number;
}

interface Reservation {
  readonly orderId: string;
  readonly commandId: string;
  readonly at: At;
}

interface DisputeSeen {
  readonly orderId: string;
  readonly commandId: string;
  readonly at: At;
  ending?: { readonly status: string; readonly outcome?: string; readonly refunded?: string; readonly closedAt?: string };
}

type Release = Extract<OrderGuardEvent, { type: 'OrderDisputeReleased' }>['data'];

/** Collects what the log says about guards and disputes, then reports their mismatches (see `GuardRule`). */
export interface GuardCrossCheck {
  /** A `DisputeOpened` was read (the first of its stream). */
  opened(at: At, disputeId: string, orderId: string, commandId: string): void;
  /** Where a dispute stands at its close, or at the end of the log. */
  ended(disputeId: string, state: DisputeState | undefined): void;
  /** An order guard event was read. */
  guardEvent(at: At, event: OrderGuardEvent): void;
  /** The findings; none when the log has no order guard at all (it was written without the guard). */
  findings(): ReadonlyArray<GuardFinding>;
}

const money = (m: { readonly amount: number; readonly currency: string }): string => `${m.amount} ${m.currency}`;

/** Creates the guard cross-check (memory: a few dozen bytes per dispute and reservation). */
export const createGuardCrossCheck = (): GuardCrossCheck => {
  const reservations = new Map<string, Reservation>();
  const releases = new Map<string, { readonly release: Release; readonly at: At }>();
  const disputes = new Map<string, DisputeSeen>();
  let guards = 0;

  const releaseMismatch = (disputeId: string, release: Release, dispute: DisputeSeen | undefined): string | undefined => {
    const reservation = reservations.get(disputeId);
    if (release.reason === 'VOID') {
      const own = dispute !== undefined && reservation !== undefined && dispute.commandId === reservation.commandId && dispute.orderId === release.orderId;
      return own ? `the release says VOID, but dispute ${disputeId} is the one this reservation opened (order ${release.orderId}).` : undefined;
    }
    const ending = dispute?.ending;
    if (dispute === undefined || ending === undefined || ending.status !== 'CLOSED') {
      return `the release says dispute ${disputeId} closed, but it is ${dispute === undefined ? 'not in the log' : (ending?.status ?? 'not closed')}.`;
    }
    const released = { outcome: release.outcome, refunded: money(release.refunded), closedAt: release.closedAt };
    for (const key of ['outcome', 'refunded', 'closedAt'] as const) {
      if (released[key] !== ending[key]) return `the release says ${key} ${String(released[key])}, but the dispute ended with ${String(ending[key])}.`;
    }
    return undefined;
  };

  return {
    opened(at, disputeId, orderId, commandId) {
      if (!disputes.has(disputeId)) disputes.set(disputeId, { orderId, commandId, at });
    },
    ended(disputeId, state) {
      const seen = disputes.get(disputeId);
      if (seen === undefined || state === undefined || state.status === 'NONE') return;
      seen.ending = {
        status: state.status,
        ...(state.outcome === undefined ? {} : { outcome: state.outcome }),
        refunded: money(state.refunded),
        ...(state.closedAt === undefined ? {} : { closedAt: state.closedAt }),
      };
    },
    guardEvent(at, event) {
      if (at.version === 1) guards++;
      if (event.type === 'OrderDisputeReserved') {
        if (!reservations.has(event.data.disputeId)) reservations.set(event.data.disputeId, { orderId: event.data.orderId, commandId: event.data.commandId, at });
      } else if (!releases.has(event.data.disputeId)) releases.set(event.data.disputeId, { release: event.data, at });
    },
    findings() {
      if (guards === 0) return [];
      const found: GuardFinding[] = [];
      for (const [disputeId, reservation] of reservations) {
        if (!disputes.has(disputeId)) {
          found.push({ rule: 'G1', ...reservation.at, message: `Order ${reservation.orderId} reserved dispute ${disputeId}, which is not in the log: the dispute was deleted, or its opening never completed.` });
        }
      }
      for (const [disputeId, dispute] of disputes) {
        const reservation = reservations.get(disputeId);
        if (reservation === undefined || reservation.orderId !== dispute.orderId) {
          found.push({ rule: 'G2', ...dispute.at, message: `Dispute ${disputeId} of order ${dispute.orderId} has no reservation in order-${dispute.orderId}: its guard was deleted or never written.` });
        }
      }
      for (const [disputeId, { release, at }] of releases) {
        const mismatch = releaseMismatch(disputeId, release, disputes.get(disputeId));
        if (mismatch !== undefined) found.push({ rule: 'G3', ...at, message: `Order ${release.orderId}: ${mismatch}` });
      }
      return found;
    },
  };
};
