import { DISPUTE_STREAM_PREFIX, orderGuardStreamId, type EventStore, type NewEvent } from '@disputekit/core';
import { expectLeft, expectRight } from '@disputekit/core/testing';
import { countedEvents, freshStreamId, newEvent, streamOf } from '../../testing/contractFixtures';
import { connectClient, type DoubleHarness } from '../../testing/kurrentDouble';
import { eventStoreDbFailure } from '../eventStoreDbErrors';
import { APPEND_ID_KEY } from '../eventStoreDbEvent';
import { createEventStoreDbEventStore } from '../eventStoreDbEventStore';

/** The real clients' delete calls (not part of the store's structural client). */
interface Deleting {
  deleteStream(streamName: string): Promise<unknown>;
  tombstoneStream(streamName: string): Promise<unknown>;
}

const recordsOf = (harness: DoubleHarness, streamId: string) => harness.double().log.records.filter((record) => record.streamId === streamId);

/** Appends `count` events to each of `streams` fresh `order-` streams, 100 at a time. */
const orderGuardTraffic = async (store: EventStore, count: number): Promise<void> => {
  for (let written = 0; written < count; written += 100) {
    expectRight(await store.appendToStream(orderGuardStreamId(freshStreamId('guard')), countedEvents(Math.min(100, count - written)), { expectedVersion: 'no_stream' }));
  }
};

/**
 * The defects the double showed, each a test that failed before its fix: pages cut short by other
 * streams (the projection stall), deleted streams, racing identical appends, permanent errors
 * reported as transient, and errors without a kind.
 */
/** Pages cut short by other streams, hard- and soft-deleted streams. */
const logAndDeletionDefects = (harness: DoubleHarness): void => {
  it('reads a full page past 600 order-guard events and their link events (the projection stall)', async () => {
    const writer = harness.store();
    const disputes = harness.store({ streamPrefixes: [DISPUTE_STREAM_PREFIX] });
    const first = freshStreamId();
    const second = freshStreamId();
    const { log } = harness.double();
    const a = expectRight(await writer.appendToStream(first, countedEvents(1), { expectedVersion: 'no_stream' }));
    // System projections running: a `$>` link to `$ce-order` and to `$et-Counted` after every event.
    log.linkEvents = true;
    try {
      await orderGuardTraffic(writer, 600);
    } finally {
      log.linkEvents = false;
    }
    const b = expectRight(await writer.appendToStream(second, countedEvents(1), { expectedVersion: 'no_stream' }));
    const page = expectRight(await disputes.readAll({ after: a.lastGlobalPosition, maxCount: 500 }));
    expect(page.map((event) => event.globalPosition)).toEqual([b.lastGlobalPosition]);
    const small = expectRight(await disputes.readAll({ after: a.lastGlobalPosition - 1, maxCount: 2 }));
    expect(small.map((event) => event.streamId)).toEqual([first, second]);
    await Promise.all([writer.close(), disputes.close()]);
  }, 60_000);

  it('skips the $streamDeleted record of a hard-deleted stream in readAll and followAll, and reports the stream as StreamDeleted', async () => {
    const store = harness.store();
    const gone = freshStreamId('gone');
    const kept = freshStreamId('kept');
    expectRight(await store.appendToStream(gone, countedEvents(2), { expectedVersion: 'no_stream' }));
    await (harness.client() as unknown as Deleting).tombstoneStream(gone);
    expectRight(await store.appendToStream(kept, countedEvents(1), { expectedVersion: 'no_stream' }));
    expect(recordsOf(harness, gone).map((record) => record.type)).toEqual(['Counted', 'Counted', '$streamDeleted']);
    const after = Number(recordsOf(harness, gone)[0]!.position) - 1;
    const page = expectRight(await store.readAll({ after, maxCount: 3 }));
    expect(page.map((event) => [event.streamId, event.version])).toEqual([
      [gone, 1],
      [gone, 2],
      [kept, 1],
    ]);
    const followed: string[] = [];
    for await (const event of store.followAll({ after })) {
      followed.push(`${event.streamId}@${event.version}`);
      if (followed.length === 3) break;
    }
    expect(followed).toEqual([`${gone}@1`, `${gone}@2`, `${kept}@1`]);
    expect(expectLeft(await store.readStream(gone))).toMatchObject({ _tag: 'StreamDeleted', streamId: gone });
    expect(expectLeft(await store.appendToStream(gone, countedEvents(1, 3), { expectedVersion: 2 }))).toMatchObject({ _tag: 'StreamDeleted', streamId: gone });
    await store.close();
  });

  it('refuses to reuse a soft-deleted stream (its revisions would continue) and writes nothing', async () => {
    const store = harness.store();
    const streamId = freshStreamId('soft');
    expectRight(await store.appendToStream(streamId, countedEvents(2), { expectedVersion: 'no_stream' }));
    await (harness.client() as unknown as Deleting).deleteStream(streamId);
    expect(await streamOf(store, streamId)).toEqual([]);
    expect(expectLeft(await store.appendToStream(streamId, countedEvents(1), { expectedVersion: 'no_stream' }))).toMatchObject({ _tag: 'StreamDeleted', streamId });
    expect(recordsOf(harness, streamId)).toHaveLength(2);
    // Another writer recreates it: its first revision is now 2, and the store says so rather than read versions from 3.
    await harness.client().appendToStream(streamId, [{ id: crypto.randomUUID(), contentType: 'application/json', type: 'Counted', data: { n: 1 }, metadata: {} }], { streamState: 'no_stream', expectedRevision: 'no_stream' });
    expect(recordsOf(harness, streamId).map((record) => record.revision)).toEqual([0n, 1n, 2n]);
    expect(expectLeft(await store.readStream(streamId))).toMatchObject({ _tag: 'StreamDeleted', streamId });
    await store.close();
  });
};

/** Racing identical appends, and the server's size limit. */
const racingAppendAndLimitDefects = (harness: DoubleHarness): void => {
  it('answers the second of two racing identical appends DuplicateEvent, not a second success (the server never answers it)', async () => {
    const { controls } = harness.double();
    const quick = harness.connect('defaultDeadline=1500');
    const [one, two] = [harness.store({ client: quick }), harness.store({ client: quick })];
    const streamId = freshStreamId('twins');
    const events = countedEvents(2);
    const release = controls.holdCommits();
    const sent = controls.appendRequests.length;
    const first = one.appendToStream(streamId, events, { expectedVersion: 'no_stream' });
    while (controls.appendRequests.length === sent) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = two.appendToStream(streamId, events, { expectedVersion: 'no_stream' });
    while (controls.appendRequests.length === sent + 1) await new Promise((resolve) => setTimeout(resolve, 5));
    release();
    expect(expectRight(await first).nextExpectedVersion).toBe(2);
    // The first writer's events are there: the second learns that they are, not that it wrote them.
    expect(expectLeft(await second)).toMatchObject({ _tag: 'DuplicateEvent', streamId, eventId: events[0]!.metadata.eventId });
    expect(recordsOf(harness, streamId)).toHaveLength(2);
    await Promise.all([one.close(), two.close()]);
  }, 30_000);

  it('answers an append whose identical events another writer stored between its read and its write DuplicateEvent (the server calls it idempotent)', async () => {
    const { controls } = harness.double();
    const [one, two] = [harness.store(), harness.store()];
    const streamId = freshStreamId('between');
    expectRight(await one.appendToStream(streamId, countedEvents(1), { expectedVersion: 'no_stream' }));
    const events = countedEvents(2);
    let theirs: unknown;
    // Store one has read the stream (version 1); store two writes the same event ids before one's write is checked.
    controls.beforeNextAppend(async () => {
      theirs = await two.appendToStream(streamId, events, { expectedVersion: 1 });
    });
    const mine = await one.appendToStream(streamId, events, { expectedVersion: 1 });
    expect(expectRight(theirs as Awaited<typeof mine>).nextExpectedVersion).toBe(3);
    expect(expectLeft(mine)).toMatchObject({ _tag: 'DuplicateEvent', streamId, eventId: events[0]!.metadata.eventId });
    expect(recordsOf(harness, streamId)).toHaveLength(3);
    await Promise.all([one.close(), two.close()]);
  }, 30_000);

  it('reports an append over the server’s size limit as StoreRefused, counting data + metadata + 2 × type length', async () => {
    const { controls } = harness.double();
    const store = harness.store();
    const event: NewEvent = newEvent('Sized', { text: 'x'.repeat(500) });
    // The metadata sent carries the append's own id too (see APPEND_ID_KEY).
    const sentMetadata = { ...event.metadata, [APPEND_ID_KEY]: crypto.randomUUID() };
    const size = JSON.stringify(event.data).length + JSON.stringify(sentMetadata).length + 2 * event.type.length;
    const limit = controls.maxAppendSize;
    try {
      controls.maxAppendSize = size - 1;
      expect(expectLeft(await store.appendToStream(freshStreamId(), [event], { expectedVersion: 'no_stream' }))).toMatchObject({ _tag: 'StoreRefused', reason: 'append-too-large' });
      controls.maxAppendSize = size;
      expectRight(await store.appendToStream(freshStreamId(), [event], { expectedVersion: 'no_stream' }));
    } finally {
      controls.maxAppendSize = limit;
    }
    await store.close();
  });
};

/** Permanent errors reported as such, and errors that name their kind. */
const errorKindDefects = (harness: DoubleHarness): void => {
  it('reports access denied as StoreRefused, not as a transient outage', async () => {
    const { controls } = harness.double();
    const store = harness.store();
    const streamId = freshStreamId('denied');
    try {
      controls.denyAccess((stream) => stream === streamId);
      expect(expectLeft(await store.appendToStream(streamId, countedEvents(1), { expectedVersion: 'no_stream' }))).toMatchObject({ _tag: 'StoreRefused', reason: 'access-denied' });
      expect(expectLeft(await store.readStream(streamId))).toMatchObject({ _tag: 'StoreRefused', reason: 'access-denied' });
      // Denied only the metadata stream (read before a stream's first append): the append goes ahead.
      const other = freshStreamId('meta-denied');
      controls.denyAccess((stream) => stream === `$$${other}`);
      expectRight(await store.appendToStream(other, countedEvents(1), { expectedVersion: 'no_stream' }));
    } finally {
      controls.denyAccess(undefined);
    }
    await store.close();
  });

  it('names the kind of failure when no server listens', async () => {
    const client = connectClient(harness.library, 'kurrentdb://127.0.0.1:1?tls=false&defaultDeadline=2000');
    const store = createEventStoreDbEventStore({ client });
    try {
      for (const error of [expectLeft(await store.appendToStream(freshStreamId(), countedEvents(1), { expectedVersion: 'no_stream' })), expectLeft(await store.readAll())]) {
        expect(error._tag).toBe('StoreUnavailable');
        expect(error.message).toMatch(/\((unavailable|deadline-exceeded|timeout|cancelled|unknown)\)/);
      }
      // The client's own append fails with a bare gRPC error (KurrentDB's: code 14, no `type`); the store still names the kind.
      const raw = await client.appendToStream(freshStreamId(), [{ id: crypto.randomUUID(), contentType: 'application/json', type: 'X', data: {}, metadata: {} }], { streamState: 'no_stream', expectedRevision: 'no_stream' }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(eventStoreDbFailure('append', raw)).toMatchObject({ _tag: 'StoreUnavailable', message: expect.stringMatching(/\((unavailable|deadline-exceeded)\)/) });
    } finally {
      await store.close();
      await client.dispose().catch(() => undefined);
    }
  }, 30_000);
};

export const defectsSuite = (harness: DoubleHarness): void => {
  describe(`EventStoreDB store through ${harness.library}: what the real server does`, () => {
    logAndDeletionDefects(harness);
    racingAppendAndLimitDefects(harness);
    errorKindDefects(harness);
  });
};
