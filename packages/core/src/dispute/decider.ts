import { decide } from './decide';
import { evolve } from './evolve';
import { foldDisputeEvents } from './fold';
import type { DisputeEvent } from './events';
import { initialState, isTerminal, type DisputeState } from './state';

/**
 * Folds events into a state, starting from `initialState` (or from `from`, never changed): the same
 * state as a loop of `evolve`, in time linear in the events, frozen (see `DisputeFolder`).
 */
export const replay = (events: Iterable<DisputeEvent>, from: DisputeState = initialState): DisputeState => foldDisputeEvents(events, from);

/** The Dispute aggregate as a decider: `{ decide, evolve, initialState, isTerminal }`. */
export const disputeDecider = { decide, evolve, initialState, isTerminal } as const;

/** The shape of `disputeDecider`, for code generic over deciders. */
export type DisputeDecider = typeof disputeDecider;
