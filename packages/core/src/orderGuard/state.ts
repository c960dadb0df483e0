import type { OrderDisputeReleased, OrderDisputeReserved, OrderGuardEvent } from './events';

/** One dispute the guard has reserved for the order, and its release once recorded. */
export interface GuardEntry {
  readonly reservation: OrderDisputeReserved['data'];
  /** Version of the reservation in the guard stream. */
  readonly reservedVersion: number;
  readonly release?: OrderDisputeReleased['data'];
}

/** The guard of one order, folded: its reservations in the order they were made. */
export interface OrderGuardState {
  readonly orderId: string;
  /** The number of events folded (the guard stream's version; 0: no stream). */
  readonly version: number;
  readonly entries: ReadonlyArray<GuardEntry>;
}

/** The guard of an order before any event. */
export const initialOrderGuardState = (orderId: string): OrderGuardState => ({ orderId, version: 0, entries: [] });

/**
 * Applies one guard event (pure, total). Only the first reservation of a dispute and its first
 * release count: the service never writes more, and later ones change nothing.
 */
export const evolveOrderGuard = (state: OrderGuardState, event: OrderGuardEvent): OrderGuardState => {
  const version = state.version + 1;
  const index = state.entries.findIndex((entry) => entry.reservation.disputeId === event.data.disputeId);
  if (event.type === 'OrderDisputeReserved') {
    return index === -1 ? { ...state, version, entries: [...state.entries, { reservation: event.data, reservedVersion: version }] } : { ...state, version };
  }
  const entry = state.entries[index];
  if (entry === undefined || entry.release !== undefined) return { ...state, version };
  const entries = state.entries.slice();
  entries[index] = { ...entry, release: event.data };
  return { ...state, version, entries };
};
