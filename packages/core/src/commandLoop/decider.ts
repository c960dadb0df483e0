import type * as E from 'fp-ts/lib/Either.js';

/**
 * The shape of a decider (the Decider pattern): `decide` turns a command and the current state into
 * the events to record, or an error, without side effects; `evolve` folds one event into the state.
 * The dispute (`disputeDecider`) and the order guard (`orderGuardDecider`) both have it.
 */
export interface Decider<Command, State, Event, Error> {
  readonly decide: (command: Command, state: State) => E.Either<Error, ReadonlyArray<Event>>;
  readonly evolve: (state: State, event: Event) => State;
}

/** Folds `events` into `state` with a decider's `evolve`. */
export const foldEvents = <State, Event>(evolve: (state: State, event: Event) => State, state: State, events: Iterable<Event>): State => {
  let folded = state;
  for (const event of events) folded = evolve(folded, event);
  return folded;
};
