import { withStore, type ContractContext } from './contractContext';
import { countedEvents, freshStreamId, leftOf, newEvent, positionsOf, rightOf, streamOf, strictlyIncreasing } from './contractFixtures';

/** Contract: appending and reading streams. */
export const appendAndReadContract = (context: ContractContext): void => {
  describe('appending and reading a stream', () => {
    it('reads back what was appended: versions from 1, type, data, metadata, stream id', () =>
      withStore(context, async (store) => {
        const streamId = freshStreamId();
        const events = [
          newEvent('DisputeOpened', { disputeId: 'd-1', amount: { amount: 1999, currency: 'EUR' } }),
          newEvent('MessagePosted', { text: 'hello', list: [1, 2, 3], nested: { ok: true, nothing: null } }, { hash: 'abc', causationId: 'x' }),
          newEvent('Escalated', {}),
        ];
        const result = rightOf(await store.appendToStream(streamId, events, { expectedVersion: 'no_stream' }));
        const stored = await streamOf(store, streamId);
        expect(stored.map((event) => event.version)).toEqual([1, 2, 3]);
        expect(stored.map(({ streamId: id, type, data, metadata }) => ({ streamId: id, type, data, metadata }))).toEqual(
          events.map(({ type, data, metadata }) => ({ streamId, type, data, metadata })),
        );
        expect(strictlyIncreasing(positionsOf(stored))).toBe(true);
        expect(result).toEqual({ nextExpectedVersion: 3, lastGlobalPosition: stored[2]?.globalPosition });
      }));

    it('reads a stream that does not exist as empty', () =>
      withStore(context, async (store) => {
        expect(await streamOf(store, freshStreamId('missing'))).toEqual([]);
      }));

    it('continues the versions of a stream across appends', () =>
      withStore(context, async (store) => {
        const streamId = freshStreamId();
        rightOf(await store.appendToStream(streamId, countedEvents(2), { expectedVersion: 'no_stream' }));
        const second = rightOf(await store.appendToStream(streamId, countedEvents(3, 3), { expectedVersion: 2 }));
        const stored = await streamOf(store, streamId);
        expect(second.nextExpectedVersion).toBe(5);
        expect(stored.map((event) => [event.version, (event.data as { n: number }).n])).toEqual([
          [1, 1], [2, 2], [3, 3], [4, 4], [5, 5],
        ]);
        expect(second.lastGlobalPosition).toBe(stored[4]?.globalPosition);
      }));

    it('reads a window of a stream with fromVersion and maxCount', () =>
      withStore(context, async (store) => {
        const streamId = freshStreamId();
        rightOf(await store.appendToStream(streamId, countedEvents(10), { expectedVersion: 'no_stream' }));
        const versions = async (options: { fromVersion?: number; maxCount?: number }): Promise<number[]> =>
          rightOf(await store.readStream(streamId, options)).map((event) => event.version);
        expect(await versions({ fromVersion: 4, maxCount: 3 })).toEqual([4, 5, 6]);
        expect(await versions({ fromVersion: 9 })).toEqual([9, 10]);
        expect(await versions({ fromVersion: 10, maxCount: 5 })).toEqual([10]);
        expect(await versions({ fromVersion: 11 })).toEqual([]);
        expect(await versions({ maxCount: 2 })).toEqual([1, 2]);
        expect(await versions({ maxCount: 0 })).toEqual([]);
        expect(await versions({})).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      }));

    it('gives every event the same global position in readStream and in the append result', () =>
      withStore(context, async (store) => {
        const streamId = freshStreamId();
        const first = rightOf(await store.appendToStream(streamId, countedEvents(1), { expectedVersion: 'no_stream' }));
        const second = rightOf(await store.appendToStream(streamId, countedEvents(1, 2), { expectedVersion: 1 }));
        expect(positionsOf(await streamOf(store, streamId))).toEqual([first.lastGlobalPosition, second.lastGlobalPosition]);
      }));

    it('treats an empty append as a version check that writes nothing', () =>
      withStore(context, async (store) => {
        const streamId = freshStreamId();
        rightOf(await store.appendToStream(streamId, countedEvents(2), { expectedVersion: 'no_stream' }));
        expect(rightOf(await store.appendToStream(streamId, [], { expectedVersion: 2 })).nextExpectedVersion).toBe(2);
        expect(leftOf(await store.appendToStream(streamId, [], { expectedVersion: 5 }))).toMatchObject({ _tag: 'WrongExpectedVersion', actual: 2 });
        expect(await streamOf(store, streamId)).toHaveLength(2);
      }));

    it('rejects arguments that break the port types (programmer errors)', () =>
      withStore(context, async (store) => {
        await expect(store.appendToStream('', countedEvents(1), { expectedVersion: 'any' })).rejects.toThrow(TypeError);
        await expect(store.appendToStream(freshStreamId(), countedEvents(1), { expectedVersion: -1 })).rejects.toThrow(TypeError);
        await expect(store.appendToStream(freshStreamId(), countedEvents(1), { expectedVersion: 1.5 })).rejects.toThrow(TypeError);
        await expect(store.readStream(freshStreamId(), { maxCount: -1 })).rejects.toThrow(TypeError);
        await expect(store.readAll({ after: -1 })).rejects.toThrow(TypeError);
      }));
  });
};
