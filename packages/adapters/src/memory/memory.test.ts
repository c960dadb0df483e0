import { eventStoreContractSuite } from '../testing';
import { createInMemoryEventStore } from './inMemoryEventStore';
import { countedEvents, freshStreamId, rightOf } from '../testing/contractFixtures';

eventStoreContractSuite('in-memory', () => createInMemoryEventStore());

describe('in-memory event store', () => {
  it('keeps stored events apart from the objects the writer and readers hold', async () => {
    const store = createInMemoryEventStore();
    const streamId = freshStreamId();
    const [event] = countedEvents(1);
    const data = event!.data as { n: number };
    rightOf(await store.appendToStream(streamId, [event!], { expectedVersion: 'no_stream' }));
    data.n = 42;
    const [read] = rightOf(await store.readStream(streamId));
    expect(read?.data).toEqual({ n: 1 });
    expect(() => {
      (read!.data as { n: number }).n = 7;
    }).toThrow(TypeError);
  });

  it('refuses data that JSON cannot hold, writing nothing', async () => {
    const store = createInMemoryEventStore();
    const streamId = freshStreamId();
    const [good] = countedEvents(1);
    await expect(
      store.appendToStream(streamId, [good!, { type: 'Bad', data: { n: 1n }, metadata: { ...good!.metadata, eventId: 'other' } }], { expectedVersion: 'any' }),
    ).rejects.toThrow();
    expect(rightOf(await store.readStream(streamId))).toEqual([]);
  });

  it('appends in time proportional to the events appended, not to the stream', async () => {
    const store = createInMemoryEventStore();
    const streamId = freshStreamId();
    const timeAppends = async (from: number, count: number): Promise<number> => {
      const started = process.hrtime.bigint();
      for (let i = 0; i < count; i += 1) {
        rightOf(await store.appendToStream(streamId, countedEvents(1, from + i + 1), { expectedVersion: from + i }));
      }
      return Number(process.hrtime.bigint() - started);
    };
    // The fastest of three windows, so a pause of the machine in one window cannot decide the outcome.
    const fastest = async (from: number): Promise<number> => Math.min(await timeAppends(from, 1_000), await timeAppends(from + 1_000, 1_000), await timeAppends(from + 2_000, 1_000));
    const early = await fastest(0);
    await timeAppends(3_000, 57_000);
    const late = await fastest(60_000);
    // Copying the stream per append would make the late appends (on 60,000 events) ~30 times slower.
    expect(late).toBeLessThan(early * 5);
  });
});
