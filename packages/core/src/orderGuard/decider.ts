import type { Decider } from '../commandLoop/decider';
import type { OrderGuardCommand } from './commands';
import { decideOrderGuard } from './decide';
import type { OrderGuardError } from './errors';
import type { OrderGuardEvent } from './events';
import { evolveOrderGuard, initialOrderGuardState, type OrderGuardState } from './state';

/**
 * The order guard as a decider (process rules §5.5): `{ decide, evolve, initialState }`, its state
 * one order's reservations and releases. The service runs it beside the dispute's (see
 * `service/internal/orderGuard.ts` for the protocol between the two streams).
 */
export const orderGuardDecider: Decider<OrderGuardCommand, OrderGuardState, OrderGuardEvent, OrderGuardError> & {
  readonly initialState: (orderId: string) => OrderGuardState;
} = { decide: decideOrderGuard, evolve: evolveOrderGuard, initialState: initialOrderGuardState };
