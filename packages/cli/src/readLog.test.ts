import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import { createHashPool, GENESIS_HASH, type RecordedEvent } from '@disputekit/core';
import { chainHashesOf, chainNewEvents, leafHashesOf } from '@disputekit/core/internal';
import { hashAhead, readLogPages } from './readLog';

/** A memory store of `streams` hash-chained streams of `perStream` events each, appended in turns. */
const chainedStore = async (streams: number, perStream: number) => {
  const store = createInMemoryEventStore();
  const heads = new Map<string, { streamId: string; version: number; hash: string }>();
  for (let v = 0; v < perStream; v++) {
    for (let s = 0; s < streams; s++) {
      const streamId = `other-${s}`;
      const head = heads.get(streamId) ?? { streamId, version: 0, hash: GENESIS_HASH };
      const [event] = chainNewEvents(head, [{ type: 'Noted', data: { s, v }, metadata: { eventId: `e${s}-${v}`, commandId: `c${s}-${v}`, schemaVersion: 1, recordedAt: '2026-04-01T12:00:00.000Z' } }]);
      const appended = await store.appendToStream(streamId, [event!], { expectedVersion: head.version === 0 ? 'no_stream' : head.version });
      if (appended._tag === 'Left') throw new Error(appended.left.message);
      heads.set(streamId, { streamId, version: head.version + 1, hash: event!.metadata['hash'] as string });
    }
  }
  return store;
};

describe('hashAhead: the log pages with their hashes computed in worker threads a page ahead', () => {
  it('yields the same pages in order, with their chain hashes and the leaf hashes given as one thread computes them', async () => {
    // 280 events in pages of 50: the last page (30) is below minBatch and hashed here at once, before
    // the workers answer for the page before it; the leaves must still come in the pages' order.
    const store = await chainedStore(7, 40);
    const pool = createHashPool({ threads: 2, minBatch: 40 });
    try {
      const plain: Array<ReadonlyArray<RecordedEvent>> = [];
      for await (const page of readLogPages(store, 'memory', 50)) if (!('unreadableEvent' in page)) plain.push(page);
      const seen: Array<ReadonlyArray<RecordedEvent>> = [];
      const leaves: Buffer[] = [];
      for await (const page of hashAhead(readLogPages(store, 'memory', 50), pool, { onLeaves: (_page, hashes) => leaves.push(hashes) })) {
        if ('unreadableEvent' in page) throw new Error('no event is unreadable here');
        seen.push(page.events);
        // The chain check is given every event's hash, the very one it would compute.
        expect(page.chainHashes).toEqual(chainHashesOf(page.events));
        expect(page.chainHashes).toEqual(page.events.map((event) => event.metadata['hash']));
      }
      expect(seen.map((page) => page.map((event) => event.globalPosition))).toEqual(plain.map((page) => page.map((event) => event.globalPosition)));
      expect(Buffer.concat(leaves).equals(leafHashesOf(plain.flat()))).toBe(true);
      expect(pool.threads).toBe(2);
    } finally {
      await pool.close();
      await store.close();
    }
    expect(pool.threads).toBe(0);
  });
});
