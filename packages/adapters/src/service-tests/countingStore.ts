import * as E from 'fp-ts/lib/Either.js';
import type { EventStore } from '@disputekit/core';

/** A store wrapper that counts what the appends returned, by outcome. */
export interface CountingStore extends EventStore {
  /** Appends that succeeded, and failures by `_tag` (`WrongExpectedVersion`, `DuplicateEvent`, ...). */
  readonly appendOutcomes: Map<string, number>;
}

/** Wraps a store to count its append outcomes (to prove every conflict was retried or reported). */
export const countingStore = (inner: EventStore): CountingStore => {
  const appendOutcomes = new Map<string, number>();
  return {
    appendOutcomes,
    appendToStream: async (streamId, events, options) => {
      const result = await inner.appendToStream(streamId, events, options);
      const key = E.isRight(result) ? 'Appended' : result.left._tag;
      appendOutcomes.set(key, (appendOutcomes.get(key) ?? 0) + 1);
      return result;
    },
    readStream: (streamId, options) => inner.readStream(streamId, options),
    readAll: (options) => inner.readAll(options),
    followAll: (options) => inner.followAll(options),
    close: () => inner.close(),
  };
};
