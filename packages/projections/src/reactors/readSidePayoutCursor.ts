import * as E from 'fp-ts/lib/Either.js';
import type { ReactorCursorStore } from '../readSide/reactorCursors';
import type { PayoutCursor } from './payoutReactor';

/** Options of `createReadSidePayoutCursor`. */
export interface ReadSidePayoutCursorOptions {
  /** The cursor's name in the store (default `payouts`); give each payout reactor sharing a store its own. */
  readonly name?: string;
}

/**
 * The payout reactor's cursor kept in a read-side store (memory, SQLite or PostgreSQL: the one the
 * projection runner writes), in its `rm_reactor_cursors` table under `name`. It survives restarts, so
 * a restarted reactor calls the payout port only for events it had not passed. A store failure
 * rejects with the store's message; the reactor's tick answers it as a `Left` and moves nothing.
 */
export const createReadSidePayoutCursor = (store: ReactorCursorStore, options: ReadSidePayoutCursorOptions = {}): PayoutCursor => {
  const name = options.name ?? 'payouts';
  const orThrow = async <A>(result: Promise<E.Either<{ readonly message: string }, A>>): Promise<A> => {
    const answer = await result;
    if (E.isLeft(answer)) throw new Error(`Payout cursor ${name}: ${answer.left.message}`);
    return answer.right;
  };
  return {
    read: () => orThrow(store.readReactorCursor(name)),
    write: (position) => orThrow(store.writeReactorCursor(name, position)),
  };
};
