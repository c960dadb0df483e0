import type { DisputeEvent } from './events';
import { evolveInFold, type FoldScratch } from './evolve';
import type { DisputeState } from './state';

/**
 * A fold of dispute events in progress, for code that folds events as it decodes them. It gives the
 * same state as a loop of `evolve`, in time linear in the events: the proposals array it copied is
 * its own until `result()`, so it changes it in place instead of copying it at every proposal event
 * (and an event that changes only the bookkeeping changes the fold's own latest state in place).
 * Nothing it has not handed out is seen by anyone: `result()` freezes the state (and its proposals)
 * and hands it out once; the folder must not be used after it.
 */
export class DisputeFolder {
  private state: DisputeState;
  private readonly scratch: FoldScratch = { proposals: undefined, state: undefined };
  private done = false;

  /** Starts from `from` (never changed: the fold copies what it changes). */
  constructor(from: DisputeState) {
    this.state = from;
  }

  /** Folds one more event. */
  add(event: DisputeEvent): void {
    if (this.done) throw new Error('DisputeFolder: add after result()');
    this.state = evolveInFold(this.state, event, this.scratch);
  }

  /** The folded state, frozen; the fold ends here. */
  result(): DisputeState {
    this.done = true;
    return freezeState(this.state);
  }
}

/** Freezes a state and its proposals array (the only part a fold changes in place). */
const freezeState = (state: DisputeState): DisputeState => {
  if (state.status !== 'NONE') Object.freeze(state.proposals);
  return Object.freeze(state);
};

/** Folds `events` into `from` in linear time (see `DisputeFolder`); the result is frozen. */
export const foldDisputeEvents = (events: Iterable<DisputeEvent>, from: DisputeState): DisputeState => {
  const folder = new DisputeFolder(from);
  for (const event of events) folder.add(event);
  return folder.result();
};
