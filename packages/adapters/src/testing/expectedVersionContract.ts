import type { EventStore, ExpectedVersion } from '@disputekit/core';
import { withStore, type ContractContext } from './contractContext';
import { countedEvents, freshStreamId, leftOf, rightOf, streamOf } from './contractFixtures';

/** A stream holding `count` events (none when 0). */
const streamWith = async (store: EventStore, count: number): Promise<string> => {
  const streamId = freshStreamId();
  if (count > 0) rightOf(await store.appendToStream(streamId, countedEvents(count), { expectedVersion: 'no_stream' }));
  return streamId;
};

/** Contract: every expected-version case, and what a rejected append leaves behind (nothing). */
export const expectedVersionContract = (context: ContractContext): void => {
  describe('expected versions', () => {
    const accepted: ReadonlyArray<[string, number, ExpectedVersion]> = [
      ['the exact version of an existing stream', 3, 3],
      ['no_stream on a missing stream', 0, 'no_stream'],
      ['version 0 on a missing stream (same as no_stream)', 0, 0],
      ['stream_exists on an existing stream', 2, 'stream_exists'],
      ['any on a missing stream', 0, 'any'],
      ['any on an existing stream', 2, 'any'],
    ];
    it.each(accepted)('accepts %s', (_label, existing, expectedVersion) =>
      withStore(context, async (store) => {
        const streamId = await streamWith(store, existing);
        const result = rightOf(await store.appendToStream(streamId, countedEvents(2, existing + 1), { expectedVersion }));
        expect(result.nextExpectedVersion).toBe(existing + 2);
        expect((await streamOf(store, streamId)).map((event) => event.version)).toEqual(Array.from({ length: existing + 2 }, (_, i) => i + 1));
      }),
    );

    const rejected: ReadonlyArray<[string, number, ExpectedVersion]> = [
      ['a stale version (the stream moved on)', 3, 2],
      ['a version ahead of the stream', 3, 4],
      ['a version on a missing stream', 0, 1],
      ['no_stream on an existing stream', 2, 'no_stream'],
      ['version 0 on an existing stream', 2, 0],
      ['stream_exists on a missing stream', 0, 'stream_exists'],
    ];
    it.each(rejected)('rejects %s with WrongExpectedVersion and writes nothing', (_label, existing, expectedVersion) =>
      withStore(context, async (store) => {
        const streamId = await streamWith(store, existing);
        const error = leftOf(await store.appendToStream(streamId, countedEvents(2, 100), { expectedVersion }));
        expect(error).toMatchObject({ _tag: 'WrongExpectedVersion', streamId, expected: expectedVersion, actual: existing });
        expect(error.message).toContain(streamId);
        expect(await streamOf(store, streamId)).toHaveLength(existing);
      }),
    );
  });

  describe('concurrent appends', () => {
    it('lets exactly one of two appends with the same expected version win', () =>
      withStore(context, async (store) => {
        const streamId = await streamWith(store, 1);
        const [a, b] = [countedEvents(2, 10), countedEvents(3, 20)];
        const results = await Promise.all([
          store.appendToStream(streamId, a, { expectedVersion: 1 }),
          store.appendToStream(streamId, b, { expectedVersion: 1 }),
        ]);
        const winners = results.filter((result) => result._tag === 'Right');
        expect(winners).toHaveLength(1);
        const winner = results[0]?._tag === 'Right' ? a : b;
        const loser = leftOf(results[0]?._tag === 'Right' ? results[1]! : results[0]!);
        expect(loser).toMatchObject({ _tag: 'WrongExpectedVersion', expected: 1, actual: 1 + winner.length });
        const stored = await streamOf(store, streamId);
        expect(stored.map((event) => event.metadata.eventId).slice(1)).toEqual(winner.map((event) => event.metadata.eventId));
      }));

    it('lets exactly one of eight concurrent creators of a stream win', () =>
      withStore(context, async (store) => {
        const streamId = freshStreamId();
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) => store.appendToStream(streamId, countedEvents(1, i), { expectedVersion: 'no_stream' })),
        );
        expect(results.filter((result) => result._tag === 'Right')).toHaveLength(1);
        for (const result of results.filter((r) => r._tag === 'Left')) {
          expect(leftOf(result)).toMatchObject({ _tag: 'WrongExpectedVersion', actual: 1 });
        }
        expect(await streamOf(store, streamId)).toHaveLength(1);
      }));
  });
};
