import * as E from 'fp-ts/lib/Either.js';
import { invalidReadModelQuery, readModelClosed, type ReadModelError } from '../readSide/readModelErrors';
import { reactorCursorProblem, type ReactorCursorStore } from '../readSide/reactorCursors';

/** The reactors' cursors in memory (part of the memory read-side store). */
export const createMemoryReactorCursors = (isClosed: () => boolean = () => false): ReactorCursorStore => {
  const cursors = new Map<string, number>();
  const guard = <A>(run: () => E.Either<ReadModelError, A>): Promise<E.Either<ReadModelError, A>> =>
    Promise.resolve(isClosed() ? E.left(readModelClosed()) : run());
  return {
    readReactorCursor: (reactor) => guard(() => E.right(cursors.get(reactor))),
    writeReactorCursor: (reactor, position) =>
      guard(() => {
        const problem = reactorCursorProblem(reactor, position);
        if (problem !== undefined) return E.left(invalidReadModelQuery(`Cursor of reactor ${JSON.stringify(reactor)}: ${problem}.`));
        if ((cursors.get(reactor) ?? -1) < position) cursors.set(reactor, position);
        return E.right(undefined);
      }),
  };
};
