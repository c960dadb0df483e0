import type { EventStore, StreamAppend } from '@disputekit/core';
import { withStore, type ContractContext } from './contractContext';
import { countedEvents, freshStreamId, leftOf, newEvent, readAllEventually, rightOf, streamOf } from './contractFixtures';

/** The store's `appendToStreams`, failing the test when the store does not offer it. */
const multiAppend = (store: EventStore): NonNullable<EventStore['appendToStreams']> => {
  const append = store.appendToStreams?.bind(store);
  if (append === undefined) throw new Error('this store has no appendToStreams');
  return append;
};

/** Two fresh streams: the first holding `existing` events, the second none. */
const twoStreams = async (store: EventStore, existing: number): Promise<[string, string]> => {
  const first = freshStreamId('multi-a');
  if (existing > 0) rightOf(await store.appendToStream(first, countedEvents(existing), { expectedVersion: 'no_stream' }));
  return [first, freshStreamId('multi-b')];
};

/** Every part written, or nothing at all: a stale version, a stored or repeated event id. */
const allOrNothingTests = (context: ContractContext): void => {
  it('writes every part, each at its own next versions, with global positions in the order of the parts', () =>
    withStore(context, async (store) => {
      const [a, b] = await twoStreams(store, 2);
      const before = rightOf(await store.appendToStream(freshStreamId('marker'), [newEvent('Marker')], { expectedVersion: 'no_stream' })).lastGlobalPosition;
      const results = rightOf(
        await multiAppend(store)([
          { streamId: a, events: countedEvents(2, 3), expectedVersion: 2 },
          { streamId: b, events: countedEvents(1, 1), expectedVersion: 'no_stream' },
        ]),
      );
      expect(results.map((result) => result.nextExpectedVersion)).toEqual([4, 1]);
      expect(results[0]!.lastGlobalPosition).toBeLessThan(results[1]!.lastGlobalPosition);
      expect((await streamOf(store, a)).map((event) => [event.version, (event.data as { n: number }).n])).toEqual([
        [1, 1],
        [2, 2],
        [3, 3],
        [4, 4],
      ]);
      expect((await streamOf(store, b)).map((event) => event.version)).toEqual([1]);
      const logged = await readAllEventually(store, new Set([a, b]), before, 3, context.visibilityTimeoutMs);
      expect(logged.map((event) => `${event.streamId === a ? 'a' : 'b'}@${event.version}`)).toEqual(['a@3', 'a@4', 'b@1']);
      expect(logged[2]!.globalPosition).toBe(results[1]!.lastGlobalPosition);
      expect(logged[1]!.globalPosition).toBe(results[0]!.lastGlobalPosition);
    }),
  );

  it('writes nothing in any stream when one part is not at its expected version, and names that stream', () =>
    withStore(context, async (store) => {
      const [a, b] = await twoStreams(store, 1);
      const error = leftOf(
        await multiAppend(store)([
          { streamId: b, events: countedEvents(1), expectedVersion: 'no_stream' },
          { streamId: a, events: countedEvents(1, 2), expectedVersion: 3 },
        ]),
      );
      expect(error).toMatchObject({ _tag: 'WrongExpectedVersion', streamId: a, expected: 3, actual: 1 });
      expect(await streamOf(store, a)).toHaveLength(1);
      expect(await streamOf(store, b)).toHaveLength(0);
    }),
  );

  it('writes nothing when an event id is already stored, and reports DuplicateEvent', () =>
    withStore(context, async (store) => {
      const [a, b] = await twoStreams(store, 1);
      const stored = (await streamOf(store, a))[0]!.metadata.eventId;
      const repeated = newEvent('Counted', { n: 9 }, { eventId: stored });
      const error = leftOf(
        await multiAppend(store)([
          { streamId: b, events: countedEvents(1), expectedVersion: 'no_stream' },
          { streamId: a, events: [repeated], expectedVersion: 1 },
        ]),
      );
      expect(error).toMatchObject({ _tag: 'DuplicateEvent', eventId: stored });
      expect(await streamOf(store, a)).toHaveLength(1);
      expect(await streamOf(store, b)).toHaveLength(0);
    }),
  );

  it('writes nothing when two parts carry the same event id', () =>
    withStore(context, async (store) => {
      const [a, b] = await twoStreams(store, 0);
      const [event] = countedEvents(1);
      const error = leftOf(
        await multiAppend(store)([
          { streamId: a, events: [event!], expectedVersion: 'no_stream' },
          { streamId: b, events: [event!], expectedVersion: 'no_stream' },
        ]),
      );
      expect(error).toMatchObject({ _tag: 'DuplicateEvent', eventId: event!.metadata.eventId });
      expect(await streamOf(store, a)).toHaveLength(0);
      expect(await streamOf(store, b)).toHaveLength(0);
    }),
  );
};

/** Racing multi-stream appends, malformed calls, and a closed store. */
const raceAndMisuseTests = (context: ContractContext): void => {
  it('lets exactly one of two racing multi-stream appends at the same versions win, whole', () =>
    withStore(context, async (store) => {
      const [a, b] = await twoStreams(store, 1);
      const attempt = (from: number): ReadonlyArray<StreamAppend> => [
        { streamId: a, events: countedEvents(2, from), expectedVersion: 1 },
        { streamId: b, events: countedEvents(1, from), expectedVersion: 'no_stream' },
      ];
      const results = await Promise.all([multiAppend(store)(attempt(10)), multiAppend(store)(attempt(20))]);
      const winners = results.filter((result) => result._tag === 'Right');
      expect(winners).toHaveLength(1);
      expect(results.find((result) => result._tag === 'Left')).toMatchObject({ left: { _tag: 'WrongExpectedVersion' } });
      const winnerFrom = results[0]!._tag === 'Right' ? 10 : 20;
      expect((await streamOf(store, a)).slice(1).map((event) => (event.data as { n: number }).n)).toEqual([winnerFrom, winnerFrom + 1]);
      expect((await streamOf(store, b)).map((event) => (event.data as { n: number }).n)).toEqual([winnerFrom]);
    }),
  );

  it('refuses malformed calls as programmer errors: no parts, a stream named twice, a part without events', () =>
    withStore(context, async (store) => {
      const [a, b] = await twoStreams(store, 0);
      const append = multiAppend(store);
      await expect(append([])).rejects.toThrow(TypeError);
      await expect(
        append([
          { streamId: a, events: countedEvents(1), expectedVersion: 'no_stream' },
          { streamId: a, events: countedEvents(1), expectedVersion: 'no_stream' },
        ]),
      ).rejects.toThrow(/named by two parts/);
      await expect(append([{ streamId: b, events: [], expectedVersion: 'no_stream' }])).rejects.toThrow(/has no events/);
      expect(await streamOf(store, a)).toHaveLength(0);
    }),
  );

  it('answers StoreClosed after close', async () => {
    const store = await context.factory();
    await store.close();
    expect(leftOf(await multiAppend(store)([{ streamId: freshStreamId(), events: countedEvents(1), expectedVersion: 'no_stream' }]))._tag).toBe('StoreClosed');
  });
};

/**
 * Contract of the optional `appendToStreams`: several streams in one transaction, all or nothing.
 * A store without it (EventStoreDB) declares `hasMultiStreamAppend: false` and gets one test that
 * says so, so that leaving it out is a stated property and never an accident.
 */
export const multiStreamAppendContract = (context: ContractContext): void => {
  describe('appending to several streams at once (appendToStreams)', () => {
    if (!context.hasMultiStreamAppend) {
      it('is not offered by this store (the dispute service then writes one stream at a time)', () =>
        withStore(context, async (store) => {
          expect(store.appendToStreams).toBeUndefined();
        }),
      );
      return;
    }

    allOrNothingTests(context);
    raceAndMisuseTests(context);
  });
};
