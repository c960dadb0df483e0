import * as E from 'fp-ts/lib/Either.js';
import type { EventStore, NewEvent } from '../eventStore/eventStore';
import { chainNewEvents, headHashOf, isHashHex } from './eventHash';

const alreadyChained = (events: ReadonlyArray<NewEvent>): boolean =>
  events.length > 0 && events.every((event) => isHashHex(event.metadata['hash']) && isHashHex(event.metadata['previousHash']));

/**
 * Wraps an event store so that every append carries the hash chain (`chainNewEvents`), whoever the
 * writer is: it reads the hash of the stream's last event and links the new events to it. Events
 * that already carry `hash` and `previousHash` (a writer that chains itself, or an import of a
 * chained history) are appended as they are. With `'any'` or `'stream_exists'`, the append is made
 * at the exact version read, so that two writers can never fork a chain: the loser gets
 * `WrongExpectedVersion`. Costs one read of the stream head per append.
 */
export const withHashChain = (store: EventStore): EventStore => ({
  appendToStream: async (streamId, events, options) => {
    if (events.length === 0 || alreadyChained(events)) return store.appendToStream(streamId, events, options);
    const expected = options.expectedVersion;
    if (expected === 'no_stream' || expected === 0) {
      return store.appendToStream(streamId, chainNewEvents({ streamId, version: 0, hash: headHashOf(undefined) }, events), options);
    }
    if (typeof expected === 'number') {
      const last = await store.readStream(streamId, { fromVersion: expected, maxCount: 1 });
      if (E.isLeft(last)) return last;
      // A stream not at `expected` is refused by the store below, whatever hash is used here.
      const head = { streamId, version: expected, hash: headHashOf(last.right[0]) };
      return store.appendToStream(streamId, chainNewEvents(head, events), options);
    }
    const stored = await store.readStream(streamId);
    if (E.isLeft(stored)) return stored;
    const last = stored.right[stored.right.length - 1];
    const version = last?.version ?? 0;
    // An empty stream under 'stream_exists' is refused by the store below.
    if (version === 0 && expected === 'stream_exists') return store.appendToStream(streamId, events, options);
    const head = { streamId, version, hash: headHashOf(last) };
    return store.appendToStream(streamId, chainNewEvents(head, events), { expectedVersion: version === 0 ? 'no_stream' : version });
  },
  readStream: (streamId, options) => store.readStream(streamId, options),
  readAll: (options) => store.readAll(options),
  followAll: (options) => store.followAll(options),
  close: () => store.close(),
});
