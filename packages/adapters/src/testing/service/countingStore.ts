import * as E from 'fp-ts/lib/Either.js';
import type { EventStore } from '@disputekit/core';

/** A store wrapper that counts what the appends returned, by outcome. */
export interface CountingStore extends EventStore {
  /** Appends that succeeded, and failures by `_tag` (`WrongExpectedVersion`, `DuplicateEvent`, ...). */
  readonly appendOutcomes: Map<string, number>;
}

/**
 * Wraps a store to count its append outcomes (to prove every conflict was retried or reported). It
 * offers `appendToStreams` when the inner store does and `multiStream` is not false; with false the
 * service writes one stream at a time, as on EventStoreDB.
 */
export const countingStore = (inner: EventStore, options: { readonly multiStream?: boolean } = {}): CountingStore => {
  const appendOutcomes = new Map<string, number>();
  const count = <A>(result: E.Either<{ readonly _tag: string }, A>): E.Either<{ readonly _tag: string }, A> => {
    const key = E.isRight(result) ? 'Appended' : result.left._tag;
    appendOutcomes.set(key, (appendOutcomes.get(key) ?? 0) + 1);
    return result;
  };
  const appendMany = options.multiStream === false ? undefined : inner.appendToStreams?.bind(inner);
  return {
    appendOutcomes,
    appendToStream: async (streamId, events, appendOptions) => {
      const result = await inner.appendToStream(streamId, events, appendOptions);
      count(result);
      return result;
    },
    ...(appendMany === undefined
      ? {}
      : {
          appendToStreams: async (appends) => {
            const result = await appendMany(appends);
            count(result);
            return result;
          },
        }),
    readStream: (streamId, options) => inner.readStream(streamId, options),
    readAll: (options) => inner.readAll(options),
    followAll: (options) => inner.followAll(options),
    close: () => inner.close(),
  };
};
