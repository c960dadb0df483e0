import { DISPUTE_STREAM_PREFIX, orderGuardStreamId, StoreFollowError } from '@disputekit/core';
import { expectLeft, expectRight } from '@disputekit/core/testing';
import { countedEvents, freshStreamId, newEvent, positionsOf, readAllOf, streamOf } from '../../testing/contractFixtures';
import { connectClient, SCHEMES, schemeFor, type DoubleHarness } from '../../testing/kurrentDouble';
import { createEventStoreDbEventStore } from '../eventStoreDbEventStore';

/**
 * What the EventStoreDB store does on top of the port, through one real client library against the
 * double: the expected revisions it sends, how it reads `$all`, concurrent writers, outages, stored
 * records it did not write, and the client it was given.
 */
/** The expected revisions the store sends, where it stores event ids, and which streams it reads from $all. */
const revisionAndFilterTests = (harness: DoubleHarness): void => {
  it('always sends a concrete expected revision, never any', async () => {
    const store = harness.store();
    const streamId = freshStreamId();
    const other = freshStreamId();
    const fresh = freshStreamId();
    expectRight(await store.appendToStream(streamId, countedEvents(1), { expectedVersion: 'any' }));
    expectRight(await store.appendToStream(streamId, countedEvents(2, 2), { expectedVersion: 'any' }));
    expectRight(await store.appendToStream(streamId, countedEvents(1, 4), { expectedVersion: 3 }));
    expectRight(await store.appendToStream(streamId, countedEvents(1, 5), { expectedVersion: 'stream_exists' }));
    expectRight(await store.appendToStream(other, countedEvents(1), { expectedVersion: 0 }));
    expectRight(await store.appendToStream(fresh, countedEvents(1), { expectedVersion: 'no_stream' }));
    const sent = harness
      .double()
      .controls.appendRequests.filter((request) => [streamId, other, fresh].includes(request.streamName))
      .map((request) => request.expected);
    expect(sent).toEqual(['no_stream', 0n, 2n, 'stream_exists', 'no_stream', 'no_stream']);
    await store.close();
  });

  it('stores each event under its metadata.eventId, at revision version - 1', async () => {
    const store = harness.store();
    const streamId = freshStreamId();
    const events = countedEvents(3);
    expectRight(await store.appendToStream(streamId, events, { expectedVersion: 'no_stream' }));
    const records = harness.double().log.records.filter((record) => record.streamId === streamId);
    expect(records.map((record) => [record.revision, record.id])).toEqual(events.map((event, i) => [BigInt(i), event.metadata.eventId]));
    expect((await streamOf(store, streamId)).map((event) => event.version)).toEqual([1, 2, 3]);
    await store.close();
  });

  it('reads dispute and order-guard streams from $all by default (what the log verifier needs), other prefixes when told', async () => {
    const store = harness.store();
    const dispute = freshStreamId();
    const order = orderGuardStreamId(dispute);
    const start = Number(harness.double().log.records.at(-1)!.position);
    expectRight(await store.appendToStream(order, countedEvents(2), { expectedVersion: 'no_stream' }));
    const appended = expectRight(await store.appendToStream(dispute, countedEvents(2), { expectedVersion: 'no_stream' }));
    const ours = new Set([dispute, order]);
    const log = await readAllOf(store, ours, start);
    expect(log.map((event) => event.streamId)).toEqual([order, order, dispute, dispute]);
    expect(log[3]?.globalPosition).toBe(appended.lastGlobalPosition);
    // Commit positions are byte offsets in the log: increasing, not contiguous.
    expect(log[3]!.globalPosition - log[2]!.globalPosition).toBeGreaterThan(1);
    const disputesOnly = harness.store({ streamPrefixes: [DISPUTE_STREAM_PREFIX] });
    expect((await readAllOf(disputesOnly, ours, start)).map((event) => event.streamId)).toEqual([dispute, dispute]);
    await Promise.all([store.close(), disputesOnly.close()]);
  });
};

/** Another writer between read and write, and a server outage. */
const concurrencyAndOutageTests = (harness: DoubleHarness): void => {
  it('refuses an append when another writer got in between its read and its write', async () => {
    const store = harness.store();
    const rival = harness.store();
    const streamId = freshStreamId();
    expectRight(await store.appendToStream(streamId, countedEvents(1), { expectedVersion: 'no_stream' }));
    harness.double().controls.beforeNextAppend(async () => {
      expectRight(await rival.appendToStream(streamId, countedEvents(2, 2), { expectedVersion: 1 }));
    });
    expect(expectLeft(await store.appendToStream(streamId, countedEvents(1, 9), { expectedVersion: 1 }))).toMatchObject({ _tag: 'WrongExpectedVersion', expected: 1, actual: 3 });
    harness.double().controls.beforeNextAppend(async () => {
      expectRight(await rival.appendToStream(streamId, countedEvents(1, 4), { expectedVersion: 3 }));
    });
    expect(expectRight(await store.appendToStream(streamId, countedEvents(1, 5), { expectedVersion: 'any' })).nextExpectedVersion).toBe(5);
    expect((await streamOf(store, streamId)).map((event) => (event.data as { n: number }).n)).toEqual([1, 2, 3, 4, 5]);
    await Promise.all([store.close(), rival.close()]);
  });

  it('answers StoreUnavailable naming the kind when the server fails, and works once it is back', async () => {
    const store = harness.store();
    const streamId = freshStreamId();
    const { controls } = harness.double();
    controls.failNextCalls(1);
    expect(expectLeft(await store.appendToStream(streamId, countedEvents(1), { expectedVersion: 'no_stream' }))).toMatchObject({ _tag: 'StoreUnavailable', message: expect.stringMatching(/\(unavailable\)/) });
    controls.failNextCalls(1);
    expect(expectLeft(await store.readStream(streamId))._tag).toBe('StoreUnavailable');
    controls.failNextCalls(1);
    expect(expectLeft(await store.readAll())._tag).toBe('StoreUnavailable');
    controls.failNextCalls(1);
    await expect(store.followAll()[Symbol.asyncIterator]().next()).rejects.toMatchObject({ error: { _tag: 'StoreUnavailable' } });
    controls.failNextCalls(0);
    expectRight(await store.appendToStream(streamId, countedEvents(1), { expectedVersion: 'no_stream' }));
    expect(await streamOf(store, streamId)).toHaveLength(1);
    await store.close();
  }, 30_000);
};

/** Stored records the store did not write, programmer errors, and a caller's client on close. */
const foreignRecordAndClientTests = (harness: DoubleHarness): void => {
  describe('stored records that are not what the store wrote', () => {
    const corrupt = async (edit: Parameters<ReturnType<DoubleHarness['double']>['log']['editRecord']>[2], expected: RegExp): Promise<void> => {
      const store = harness.store();
      const streamId = freshStreamId('corrupt');
      expectRight(await store.appendToStream(streamId, countedEvents(3), { expectedVersion: 'no_stream' }));
      // The log is shared by the file's tests: the damage is repaired at the end.
      const repair = harness.double().log.editRecord(streamId, 1, edit);
      try {
        const records = harness.double().log.records.filter((record) => record.streamId === streamId);
        const after = Number(records[0]!.position) - 1;
        for (const error of [expectLeft(await store.readStream(streamId)), expectLeft(await store.readAll({ after, maxCount: 100 }))]) {
          expect(error).toMatchObject({ _tag: 'CorruptEvent', streamId, version: 2 });
          expect(error.message).toMatch(expected);
        }
        const seen = store.followAll({ after })[Symbol.asyncIterator]();
        expect((await seen.next()).value).toMatchObject({ streamId, version: 1 });
        const failure = await seen.next().then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(failure).toBeInstanceOf(StoreFollowError);
        expect((failure as StoreFollowError).error).toMatchObject({ _tag: 'CorruptEvent', streamId, version: 2 });
      } finally {
        repair();
      }
      await store.close();
    };

    it('reports data that is not JSON', () => corrupt({ data: '{"n": 2,' }, /@2 .*data is not valid JSON/));
    it('reports a binary event', () => corrupt({ contentType: 'application/octet-stream' }, /@2 .*not a JSON event/));
    it('reports metadata that is not JSON', () => corrupt({ metadata: 'not json' }, /@2 .*metadata is not valid JSON/));
    it('reports metadata without the event id', () => corrupt({ metadata: '{"commandId":"c"}' }, /@2 .*metadata.eventId is missing/));
  });

  it('rejects event ids that are not UUIDs and data that is not an object (programmer errors)', async () => {
    const store = harness.store();
    await expect(store.appendToStream(freshStreamId(), [newEvent('X', {}, { eventId: 'not-a-uuid' })], { expectedVersion: 'any' })).rejects.toThrow(/UUID/);
    await expect(store.appendToStream(freshStreamId(), [newEvent('X', 'text')], { expectedVersion: 'any' })).rejects.toThrow(/objects or arrays/);
    await store.close();
  });

  it('leaves a caller’s client open on close, and ends its followers', async () => {
    const store = harness.store();
    const controller = new AbortController();
    const now = Number(harness.double().log.records.at(-1)!.position);
    const next = store.followAll({ after: now, signal: controller.signal })[Symbol.asyncIterator]().next();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await store.close();
    expect((await next).done).toBe(true);
    const again = harness.store();
    expectRight(await again.appendToStream(freshStreamId(), countedEvents(1), { expectedVersion: 'no_stream' }));
    await again.close();
  });
};

/** Connection-string schemes, and paging readAll past the inclusive checkpoint. */
const connectionAndPagingTests = (harness: DoubleHarness): void => {
  it('connects with every scheme the library accepts, and rewrites the others to one it accepts', async () => {
    for (const scheme of SCHEMES[harness.library]) {
      const client = connectClient(harness.library, harness.double().connectionString(scheme));
      const store = createEventStoreDbEventStore({ client });
      const streamId = freshStreamId('scheme');
      expectRight(await store.appendToStream(streamId, countedEvents(1), { expectedVersion: 'no_stream' }));
      expect(await streamOf(store, streamId)).toHaveLength(1);
      await store.close();
      await client.dispose();
    }
    for (const scheme of ['kurrentdb', 'kurrent', 'kdb']) {
      expect(schemeFor('@eventstore/db-client', `${scheme}+discover://a:2113,b:2113?tls=false`)).toBe('esdb+discover://a:2113,b:2113?tls=false');
      expect(schemeFor('@eventstore/db-client', `${scheme}://a:2113?tls=false`)).toBe('esdb://a:2113?tls=false');
      expect(schemeFor('@kurrent/kurrentdb-client', `${scheme}://a:2113`)).toBe(`${scheme}://a:2113`);
    }
    expect(schemeFor('@kurrent/kurrentdb-client', 'esdb+discover://a:2113')).toBe('esdb+discover://a:2113');
  });

  it('pages readAll without repeating the event at the checkpoint (the log read is inclusive)', async () => {
    const store = harness.store();
    const streams = [freshStreamId(), freshStreamId()];
    const start = Number(harness.double().log.records.at(-1)!.position);
    for (const streamId of streams) expectRight(await store.appendToStream(streamId, countedEvents(4), { expectedVersion: 'no_stream' }));
    const all = await readAllOf(store, new Set(streams), start);
    const paged = await readAllOf(store, new Set(streams), start, 3);
    expect(positionsOf(paged)).toEqual(positionsOf(all));
    expect(all).toHaveLength(8);
    await store.close();
  });
};

export const storeBehaviourSuite = (harness: DoubleHarness): void => {
  describe(`EventStoreDB store through ${harness.library} (gRPC double)`, () => {
    revisionAndFilterTests(harness);
    concurrencyAndOutageTests(harness);
    foreignRecordAndClientTests(harness);
    connectionAndPagingTests(harness);
  });
};
