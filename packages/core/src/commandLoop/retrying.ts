import * as E from 'fp-ts/lib/Either.js';
import type { DuplicateEvent, StreamId, WrongExpectedVersion } from '../eventStore/eventStore';

/** How hard a command tries after meeting other writers: the retry budget and the wait before each retry. */
export interface RetryPolicy {
  /** Re-reads allowed after a conflict, per stream and per command. */
  readonly maxRetries: number;
  /** Milliseconds to wait before retry number `attempt` (1-based). */
  readonly backoff: (attempt: number) => number;
}

/** A conflict the loop met, as it reports it (`attempt` is 1-based; `willRetry` false means it gave up). */
export interface ConflictReport {
  readonly streamId: StreamId;
  readonly attempt: number;
  readonly error: WrongExpectedVersion | DuplicateEvent;
  readonly willRetry: boolean;
}

/**
 * What one attempt came to, and what the next attempt starts from (`next`):
 * - `done`: the command's result (a success or an error that no retry changes);
 * - `conflict`: an append met another writer: a retry counted against the budget and reported;
 *   `wait` backs off first; `always` retries even past the budget (a conflict one more read settles);
 * - `restart`: decide again on a fresh read, counted against the budget, not reported, no wait;
 * - `again`: decide again on a fresh read, free (a read this side chose to skip, such as a cache).
 */
export type AttemptOutcome<State, L, R> =
  | { readonly kind: 'done'; readonly result: E.Either<L, R> }
  | {
      readonly kind: 'conflict';
      readonly streamId: StreamId;
      readonly error: WrongExpectedVersion | DuplicateEvent;
      readonly wait: boolean;
      readonly always?: boolean;
      readonly next: State;
    }
  | { readonly kind: 'restart'; readonly next: State }
  | { readonly kind: 'again'; readonly next: State };

/** Builds a `done` outcome. */
export const done = <L, R>(result: E.Either<L, R>): AttemptOutcome<never, L, R> => ({ kind: 'done', result });

/** How `retrying` runs: the policy, where conflicts are reported, and the error when the budget is spent. */
export interface RetryLoop<L> {
  readonly policy: RetryPolicy;
  readonly onConflict?: (report: ConflictReport) => void;
  readonly giveUp: () => L;
}

/** Waits before a retry (no timer at all for 0 ms). */
export const pause = (ms: number): Promise<void> => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/**
 * The one command-handling loop: runs `attempt` from `initial` until it is `done`, re-running it
 * after conflicts and restarts within `policy.maxRetries` (see `AttemptOutcome`), then `giveUp()`.
 * Every command path of the service (dispute commands and the order guard's) goes through it.
 */
export const retrying = async <State, L, R>(
  loop: RetryLoop<L>,
  initial: State,
  attempt: (state: State) => Promise<AttemptOutcome<State, L, R>>,
): Promise<E.Either<L, R>> => {
  let retries = 0;
  let state = initial;
  for (;;) {
    const outcome = await attempt(state);
    if (outcome.kind === 'done') return outcome.result;
    if (outcome.kind === 'conflict') {
      const willRetry = outcome.always === true || retries < loop.policy.maxRetries;
      loop.onConflict?.({ streamId: outcome.streamId, attempt: retries + 1, error: outcome.error, willRetry });
      if (!willRetry) return E.left(loop.giveUp());
      if (outcome.wait) await pause(loop.policy.backoff(retries + 1));
      retries++;
    } else if (outcome.kind === 'restart') {
      if (retries >= loop.policy.maxRetries) return E.left(loop.giveUp());
      retries++;
    }
    state = outcome.next;
  }
};
