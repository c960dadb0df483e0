import type * as E from 'fp-ts/lib/Either.js';
import type { ReadModelError } from './readModelErrors';

/**
 * The cursors of the reactors that follow the global log and act outside it (the payout reactor):
 * one position per reactor name, kept by the read-side stores (memory, SQLite, PostgreSQL) beside the
 * projections' checkpoints. A cursor only moves forward: a write behind the stored position (a slow
 * second instance) leaves it where it is.
 */
export interface ReactorCursorStore {
  /** The reactor's cursor, or `undefined` before its first write. */
  readReactorCursor(reactor: string): Promise<E.Either<ReadModelError, number | undefined>>;
  /** Moves the reactor's cursor to `position` (a non-negative safe integer) unless it is already there or past it. */
  writeReactorCursor(reactor: string, position: number): Promise<E.Either<ReadModelError, void>>;
}

/** Why a cursor write is refused before anything is written, or `undefined` when it is valid. */
export const reactorCursorProblem = (reactor: string, position: number): string | undefined => {
  if (reactor.length === 0) return 'the reactor name is empty';
  if (!Number.isSafeInteger(position) || position < 0) return `the position ${String(position)} is not a non-negative safe integer`;
  return undefined;
};
