import { eventStoreContractSuite } from '../testing';
import { createInMemoryEventStore } from './inMemoryEventStore';
import { isFrozenRecord } from '@disputekit/core';
import { expectRight } from '@disputekit/core/testing';
import { countedEvents, freshStreamId } from '../testing/contractFixtures';

eventStoreContractSuite('in-memory', () => createInMemoryEventStore());

describe('in-memory event store', () => {
  it('marks the deep-frozen records it hands out, so a reader may decode each once', async () => {
    const store = createInMemoryEventStore();
    const streamId = freshStreamId();
    expectRight(await store.appendToStream(streamId, countedEvents(2), { expectedVersion: 'no_stream' }));
    const read = expectRight(await store.readStream(streamId));
    expect(read.map((record) => isFrozenRecord(record))).toEqual([true, true]);
    expect(read.every((record) => Object.isFrozen(record.data) && Object.isFrozen(record.metadata))).toBe(true);
  });

  it('keeps stored events apart from the objects the writer and readers hold', async () => {
    const store = createInMemoryEventStore();
    const streamId = freshStreamId();
    const [event] = countedEvents(1);
    const data = event!.data as { n: number };
    expectRight(await store.appendToStream(streamId, [event!], { expectedVersion: 'no_stream' }));
    data.n = 42;
    const [read] = expectRight(await store.readStream(streamId));
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
    expect(expectRight(await store.readStream(streamId))).toEqual([]);
  });
});
