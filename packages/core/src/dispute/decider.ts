import { decide } from './decide';
import { evolve } from './evolve';
import type { DisputeEvent } from './events';
import { initialState, isTerminal, type DisputeState } from './state';

/** Folds events into a state, starting from `initialState` (or from `from`). */
export const replay = (events: Iterable<DisputeEvent>, from: DisputeState = initialState): DisputeState => {
  let state = from;
  for (const event of events) state = evolve(state, event);
  return state;
};

/** The Dispute aggregate as a decider: `{ decide, evolve, initialState, isTerminal }`. */
export const disputeDecider = { decide, evolve, initialState, isTerminal } as const;

/** The shape of `disputeDecider`, for code generic over deciders. */
export type DisputeDecider = typeof disputeDecider;
