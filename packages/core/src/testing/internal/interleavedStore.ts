import type { EventStore, NewEvent, StreamAppend, StreamId } from '../../eventStore/eventStore';

/** One call about to reach the wrapped store. */
export type InterleavedCall =
  | { readonly op: 'read'; readonly streamId: StreamId }
  | { readonly op: 'append'; readonly streamId: StreamId; readonly events: ReadonlyArray<NewEvent> }
  | { readonly op: 'appendMany'; readonly appends: ReadonlyArray<StreamAppend> };

/**
 * A store wrapper for deterministic race tests: before each read or append reaches `inner`,
 * `before(call)` runs to completion, so a test can make another writer act at exactly that point
 * (for example, open and close a dispute between this writer's two reads). No timing is involved.
 */
export const interleavedStore = (inner: EventStore, before: (call: InterleavedCall) => Promise<void> | void): EventStore => {
  const appendMany = inner.appendToStreams?.bind(inner);
  return {
    readStream: async (streamId, options) => {
      await before({ op: 'read', streamId });
      return inner.readStream(streamId, options);
    },
    appendToStream: async (streamId, events, options) => {
      await before({ op: 'append', streamId, events });
      return inner.appendToStream(streamId, events, options);
    },
    ...(appendMany === undefined
      ? {}
      : {
          appendToStreams: async (appends: ReadonlyArray<StreamAppend>) => {
            await before({ op: 'appendMany', appends });
            return appendMany(appends);
          },
        }),
    readAll: (options) => inner.readAll(options),
    followAll: (options) => inner.followAll(options),
    close: () => inner.close(),
  };
};
