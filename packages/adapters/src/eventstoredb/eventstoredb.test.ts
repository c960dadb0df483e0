import { StoreFollowError } from '@disputekit/core';
import { createFakeEventStoreDbClient, eventStoreContractSuite, type FakeEventStoreDbFlavour } from '../testing';
import { countedEvents, freshStreamId, leftOf, newEvent, positionsOf, readAllOf, rightOf, streamOf } from '../testing/contractFixtures';
import { createEventStoreDbEventStore } from './eventStoreDbEventStore';

const flavours: ReadonlyArray<[string, FakeEventStoreDbFlavour]> = [
  ['@kurrent/kurrentdb-client', 'kurrentdb'],
  ['@eventstore/db-client', 'eventstoredb'],
];

for (const [library, flavour] of flavours) {
  eventStoreContractSuite(
    `EventStoreDB (typed fake of ${library})`,
    () => createEventStoreDbEventStore({ client: createFakeEventStoreDbClient({ flavour }) }),
    // EventStoreDB keeps event ids unique within a stream only.
    { uniqueEventIdsAcrossStreams: false, hasMultiStreamAppend: false },
  );
}

describe.each(flavours)('EventStoreDB event store on a fake %s client', (_library, flavour) => {
  const setUp = (streamPrefixes?: string[]) => {
    const client = createFakeEventStoreDbClient({ flavour });
    const store = createEventStoreDbEventStore({ client, ...(streamPrefixes === undefined ? {} : { streamPrefixes }) });
    return { client, store };
  };

  it('always sends a concrete expected revision, never any', async () => {
    const { client, store } = setUp();
    const streamId = freshStreamId();
    rightOf(await store.appendToStream(streamId, countedEvents(1), { expectedVersion: 'any' }));
    rightOf(await store.appendToStream(streamId, countedEvents(2, 2), { expectedVersion: 'any' }));
    rightOf(await store.appendToStream(streamId, countedEvents(1, 4), { expectedVersion: 3 }));
    rightOf(await store.appendToStream(streamId, countedEvents(1, 5), { expectedVersion: 'stream_exists' }));
    const other = freshStreamId();
    rightOf(await store.appendToStream(other, countedEvents(1), { expectedVersion: 0 }));
    rightOf(await store.appendToStream(freshStreamId(), countedEvents(1), { expectedVersion: 'no_stream' }));
    expect(client.appendRequests.map((request) => request.expected)).toEqual(['no_stream', 0n, 2n, 'stream_exists', 'no_stream', 'no_stream']);
  });

  it('stores each event under its metadata.eventId, at revision version - 1', async () => {
    const { store } = setUp();
    const streamId = freshStreamId();
    const events = countedEvents(3);
    rightOf(await store.appendToStream(streamId, events, { expectedVersion: 'no_stream' }));
    const stored = await streamOf(store, streamId);
    expect(stored.map((event) => [event.version, event.metadata.eventId])).toEqual(events.map((event, i) => [i + 1, event.metadata.eventId]));
  });

  it('reads $all through the stream prefix filter, with commit positions as global positions', async () => {
    const { store } = setUp();
    const dispute = freshStreamId();
    const order = `order-${dispute}`;
    rightOf(await store.appendToStream(order, countedEvents(2), { expectedVersion: 'no_stream' }));
    const appended = rightOf(await store.appendToStream(dispute, countedEvents(2), { expectedVersion: 'no_stream' }));
    const log = rightOf(await store.readAll());
    expect(log.map((event) => event.streamId)).toEqual([dispute, dispute]);
    expect(log[1]?.globalPosition).toBe(appended.lastGlobalPosition);
    // Commit positions are byte offsets in the log: increasing, not contiguous.
    expect(log[1]!.globalPosition - log[0]!.globalPosition).toBeGreaterThan(1);

    const { store: wider } = setUp(['dispute-', 'order-']);
    rightOf(await wider.appendToStream(order, countedEvents(1), { expectedVersion: 'no_stream' }));
    rightOf(await wider.appendToStream(dispute, countedEvents(1), { expectedVersion: 'no_stream' }));
    expect(rightOf(await wider.readAll()).map((event) => event.streamId)).toEqual([order, dispute]);
  });

  it('refuses an append when another writer got in between its read and its write', async () => {
    const { client, store } = setUp();
    const rival = createEventStoreDbEventStore({ client });
    const streamId = freshStreamId();
    rightOf(await store.appendToStream(streamId, countedEvents(1), { expectedVersion: 'no_stream' }));
    client.beforeNextAppend(async () => {
      rightOf(await rival.appendToStream(streamId, countedEvents(2, 2), { expectedVersion: 1 }));
    });
    expect(leftOf(await store.appendToStream(streamId, countedEvents(1, 9), { expectedVersion: 1 }))).toMatchObject({
      _tag: 'WrongExpectedVersion',
      expected: 1,
      actual: 3,
    });
    client.beforeNextAppend(async () => {
      rightOf(await rival.appendToStream(streamId, countedEvents(1, 4), { expectedVersion: 3 }));
    });
    expect(rightOf(await store.appendToStream(streamId, countedEvents(1, 5), { expectedVersion: 'any' })).nextExpectedVersion).toBe(5);
    expect((await streamOf(store, streamId)).map((event) => (event.data as { n: number }).n)).toEqual([1, 2, 3, 4, 5]);
  });

  it('stores a concurrent identical retry once (the server answers it as idempotent)', async () => {
    const { client, store } = setUp();
    const twin = createEventStoreDbEventStore({ client });
    const streamId = freshStreamId();
    const events = countedEvents(2);
    client.beforeNextAppend(async () => {
      rightOf(await twin.appendToStream(streamId, events, { expectedVersion: 'no_stream' }));
    });
    rightOf(await store.appendToStream(streamId, events, { expectedVersion: 'no_stream' }));
    expect(await streamOf(store, streamId)).toHaveLength(2);
  });

  it('answers StoreUnavailable when the server cannot be reached, and works once it can', async () => {
    const { client, store } = setUp();
    const streamId = freshStreamId();
    client.failNextCalls(1);
    expect(leftOf(await store.appendToStream(streamId, countedEvents(1), { expectedVersion: 'no_stream' }))).toMatchObject({
      _tag: 'StoreUnavailable',
      message: expect.stringMatching(/unavailable/),
    });
    client.failNextCalls(1);
    expect(leftOf(await store.readStream(streamId))._tag).toBe('StoreUnavailable');
    client.failNextCalls(1);
    expect(leftOf(await store.readAll())._tag).toBe('StoreUnavailable');
    client.failNextCalls(1);
    await expect(store.followAll()[Symbol.asyncIterator]().next()).rejects.toMatchObject({ error: { _tag: 'StoreUnavailable' } });
    rightOf(await store.appendToStream(streamId, countedEvents(1), { expectedVersion: 'no_stream' }));
    expect(await streamOf(store, streamId)).toHaveLength(1);
  });

  describe('stored events that are not what the store wrote', () => {
    const corrupt = async (edit: Parameters<ReturnType<typeof createFakeEventStoreDbClient>['editRecord']>[2], expected: RegExp): Promise<void> => {
      const { client, store } = setUp();
      const streamId = freshStreamId('corrupt');
      rightOf(await store.appendToStream(streamId, countedEvents(3), { expectedVersion: 'no_stream' }));
      client.editRecord(streamId, 1, edit);
      for (const error of [leftOf(await store.readStream(streamId)), leftOf(await store.readAll())]) {
        expect(error).toMatchObject({ _tag: 'CorruptEvent', streamId, version: 2 });
        expect(error.message).toMatch(expected);
      }
      const seen = store.followAll()[Symbol.asyncIterator]();
      expect((await seen.next()).value).toMatchObject({ version: 1 });
      const failure = await seen.next().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(StoreFollowError);
      expect((failure as StoreFollowError).error).toMatchObject({ _tag: 'CorruptEvent', streamId, version: 2 });
      await store.close();
    };

    it('reports data that is not JSON', () => corrupt({ data: '{"n": 2,' }, /@2 .*data is not valid JSON/));
    it('reports a binary event', () => corrupt({ isJson: false }, /@2 .*not a JSON event/));
    it('reports metadata that is not JSON', () => corrupt({ metadata: 'not json' }, /@2 .*metadata is not valid JSON/));
    it('reports metadata without the event id', () => corrupt({ metadata: '{"commandId":"c"}' }, /@2 .*metadata.eventId is missing/));
  });

  it('rejects event ids that are not UUIDs and data that is not an object (programmer errors)', async () => {
    const { store } = setUp();
    await expect(store.appendToStream(freshStreamId(), [newEvent('X', {}, { eventId: 'not-a-uuid' })], { expectedVersion: 'any' })).rejects.toThrow(/UUID/);
    await expect(store.appendToStream(freshStreamId(), [newEvent('X', 'text')], { expectedVersion: 'any' })).rejects.toThrow(/objects or arrays/);
  });

  it('leaves a caller’s client open on close, and ends its followers', async () => {
    const { client, store } = setUp();
    const controller = new AbortController();
    const next = store.followAll({ signal: controller.signal })[Symbol.asyncIterator]().next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.close();
    expect((await next).done).toBe(true);
    expect(client.disposed).toBe(false);
  });

  it('pages readAll without repeating the event at the checkpoint (the log read is inclusive)', async () => {
    const { store } = setUp();
    const streams = [freshStreamId(), freshStreamId()];
    for (const streamId of streams) rightOf(await store.appendToStream(streamId, countedEvents(4), { expectedVersion: 'no_stream' }));
    const all = await readAllOf(store, new Set(streams), 0);
    const paged = await readAllOf(store, new Set(streams), 0, 3);
    expect(positionsOf(paged)).toEqual(positionsOf(all));
    expect(all).toHaveLength(8);
  });
});

describe('EventStoreDB event store from a connection string', () => {
  it('answers StoreUnavailable when no server listens there', async () => {
    const store = createEventStoreDbEventStore({ connectionString: 'kurrentdb://127.0.0.1:1?tls=false&maxDiscoverAttempts=1&discoveryInterval=10&defaultDeadline=2000' });
    expect(leftOf(await store.readStream(freshStreamId()))._tag).toBe('StoreUnavailable');
    await store.close();
  }, 30_000);
});
