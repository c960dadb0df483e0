import * as E from 'fp-ts/lib/Either.js';
import { fixedClock } from '../clock/clock';
import type { EventStore, StoreError } from '../eventStore/eventStore';
import { storeUnavailable, wrongExpectedVersion } from '../eventStore/storeErrors';
import { verifyChain } from '../audit/verifyChain';
import { createDisputeService, type DisputeServiceOptions } from './disputeService';
import type { ServiceObservation } from './serviceObservation';
import { messageJson, openJson, proposalJson } from '../testing/internal/commandJson';
import { createTestStore, type TestStore } from '../testing/internal/testStore';
import { expectRight } from '../testing/either';

const NOW = new Date('2026-04-01T12:00:00.000Z');

/** One `readStream` call of a dispute stream: where it started (1 for a whole read) and how many events it returned. */
interface Read {
  readonly streamId: string;
  readonly fromVersion: number | undefined;
  readonly returned: number;
}

/** A failure to inject: returned instead of appending, or (`after`) returned after appending. */
type Fault = StoreError | { readonly after: StoreError };

/** Wraps a store to record every dispute-stream read, and to fail the next dispute append when told. */
const spyStore = (inner: TestStore) => {
  const reads: Read[] = [];
  const faults: Fault[] = [];
  const store: EventStore = {
    readStream: async (streamId, options) => {
      const result = await inner.readStream(streamId, options);
      if (streamId.startsWith('dispute-')) reads.push({ streamId, fromVersion: options?.fromVersion, returned: E.isRight(result) ? result.right.length : -1 });
      return result;
    },
    appendToStream: async (streamId, events, options) => {
      const now = streamId.startsWith('dispute-') ? faults.shift() : undefined;
      if (now === undefined) return inner.appendToStream(streamId, events, options);
      if ('after' in now) {
        await inner.appendToStream(streamId, events, options);
        return E.left(now.after);
      }
      return E.left(now);
    },
    readAll: (options) => inner.readAll(options),
    followAll: (options) => inner.followAll(options),
    close: () => inner.close(),
  };
  /** The reads recorded since the last call (and forgets them). */
  const take = (): Read[] => reads.splice(0, reads.length);
  /** Makes the next append to a dispute stream (after those already told to fail) fail with `next`. */
  const failNextAppend = (next: Fault): void => {
    faults.push(next);
  };
  return { store, take, failNextAppend };
};

const serviceOn = (store: EventStore, options: Partial<DisputeServiceOptions> = {}) => {
  const observations: ServiceObservation[] = [];
  const service = createDisputeService({ store, clock: fixedClock(NOW.toISOString()), backoff: () => 0, observe: (o) => observations.push(o), ...options });
  return { service, observations };
};

const message = (commandId: string, disputeId = 'd1') => messageJson({ disputeId, commandId });

describe('DisputeService: the stream cache', () => {
  it('decides on the cached stream without reading it, and appends at the cached version', async () => {
    const inner = createTestStore();
    const { store, take } = spyStore(inner);
    const { service } = serviceOn(store);
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expect(take()).toEqual([{ streamId: 'dispute-d1', fromVersion: 1, returned: 0 }]);
    for (const [commandId, version] of [['c2', 1], ['c3', 2], ['c4', 3]] as const) {
      const result = expectRight(await service.handle(message(commandId)));
      expect(result.version).toBe(version + 1);
      // Nothing is read or decoded again: the store's version check is what proves the cache current.
      expect(take()).toEqual([]);
    }
    // What the cache folded is what a full read folds, and the chain it extended verifies.
    const loaded = expectRight(await serviceOn(inner).service.load('d1'));
    expect(loaded.version).toBe(4);
    expect(expectRight(await service.handle(message('c5'))).state).toEqual(
      expectRight(await serviceOn(inner, { cacheSize: 0 }).service.handle(message('c5'))).state,
    );
    expect(verifyChain(inner.log).breaks).toEqual([]);
  });

  it("sees another writer's events: the stale cache costs one refused append and one full read, with no wait and no retry counted", async () => {
    const inner = createTestStore();
    const { store, take } = spyStore(inner);
    const { service, observations } = serviceOn(store);
    const other = serviceOn(inner).service;
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expectRight(await other.handle(message('c2')));
    expectRight(await other.handle(proposalJson({ disputeId: 'd1', commandId: 'c3', proposalId: 'p-s1', amount: 3_000 })));
    take();
    const result = expectRight(await service.handle(message('c4')));
    expect(take()).toEqual([{ streamId: 'dispute-d1', fromVersion: 1, returned: 3 }]);
    expect(result.version).toBe(4);
    expect(result.state.version).toBe(4);
    expect(result.state.status === 'NONE' ? [] : result.state.proposals.map((p) => p.proposalId)).toEqual(['p-open', 'p-s1']);
    expect(result.state).toEqual(expectRight(await serviceOn(inner).service.load('d1')).state);
    expect(observations.filter((o) => o._tag === 'Conflict')).toEqual([]);
    expect(observations.filter((o) => o._tag === 'StaleCache')).toEqual([
      { _tag: 'StaleCache', streamId: 'dispute-d1', error: expect.objectContaining({ _tag: 'WrongExpectedVersion', expected: 1, actual: 3 }) },
    ]);
    expect(verifyChain(inner.log).breaks).toEqual([]);
  });

  it('reads the whole stream again after a version conflict, and appends where the store really is', async () => {
    const inner = createTestStore();
    const { store, take, failNextAppend } = spyStore(inner);
    const { service, observations } = serviceOn(store);
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expectRight(await service.handle(message('c2')));
    take();
    failNextAppend(wrongExpectedVersion('dispute-d1', 2, 3));
    const result = expectRight(await service.handle(message('c3')));
    expect(take()).toEqual([{ streamId: 'dispute-d1', fromVersion: 1, returned: 2 }]);
    expect(result.version).toBe(3);
    expect(observations.filter((o) => o._tag === 'StaleCache')).toHaveLength(1);
    // A conflict met after a real read is contention: counted, observed, and retried after the backoff.
    failNextAppend(wrongExpectedVersion('dispute-d1', 3, 4));
    failNextAppend(wrongExpectedVersion('dispute-d1', 3, 4));
    expectRight(await service.handle(message('c4')));
    expect(observations.map((o) => o._tag)).toEqual(['StaleCache', 'StaleCache', 'Conflict']);
    expect(observations[2]).toMatchObject({ _tag: 'Conflict', attempt: 1, willRetry: true });
    expect(take()).toEqual([
      { streamId: 'dispute-d1', fromVersion: 1, returned: 3 },
      { streamId: 'dispute-d1', fromVersion: 1, returned: 3 },
    ]);
  });

  it('forgets a stream after any failed append, even one that was stored before the reply was lost', async () => {
    const inner = createTestStore();
    const { store, take, failNextAppend } = spyStore(inner);
    const { service } = serviceOn(store);
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expectRight(await service.handle(message('c2')));
    failNextAppend({ after: storeUnavailable('connection lost after COMMIT') });
    expect(E.isLeft(await service.handle(message('c3')))).toBe(true);
    take();
    // c3's event is in the store although the service never heard so: the next command must see it.
    const result = expectRight(await service.handle(message('c4')));
    expect(take()).toEqual([{ streamId: 'dispute-d1', fromVersion: 1, returned: 3 }]);
    expect(result.version).toBe(4);
    const repeated = expectRight(await service.handle(message('c3')));
    expect(repeated.alreadyApplied).toBe(true);
    expect(repeated.events.map((r) => r.version)).toEqual([3]);
  });

  it('reads the whole stream again when the cached version is no longer the stream\'s (the stream was cut short)', async () => {
    const inner = createTestStore();
    const { store, take } = spyStore(inner);
    const { service } = serviceOn(store);
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expectRight(await service.handle(message('c2')));
    inner.log.splice(inner.log.findIndex((r) => r.streamId === 'dispute-d1' && r.version === 2), 1);
    take();
    const result = expectRight(await service.handle(message('c3')));
    expect(take()).toEqual([{ streamId: 'dispute-d1', fromVersion: 1, returned: 1 }]);
    expect(result.version).toBe(2);
    expect(result.events.map((r) => r.event.type)).toEqual(['MessagePosted']);
  });

  it('reports a new event that does not decode as CorruptEvent, and keeps reading the whole stream', async () => {
    const inner = createTestStore();
    const { store, take } = spyStore(inner);
    const { service } = serviceOn(store);
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    expectRight(await serviceOn(inner).service.handle(message('c2')));
    const row = inner.log.find((r) => r.streamId === 'dispute-d1' && r.version === 2)!;
    inner.log.splice(inner.log.indexOf(row), 1, { ...row, type: 'MessagePostd' });
    take();
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = await service.handle(message('c3'));
      expect(result).toMatchObject({ _tag: 'Left', left: { _tag: 'CorruptEvent', streamId: 'dispute-d1', version: 2 } });
    }
    expect(take().map((r) => r.fromVersion)).toEqual([1, 1]);
  });

  it('answers a repeated command from the cache, with the events as stored', async () => {
    const inner = createTestStore();
    const { store, take } = spyStore(inner);
    const { service } = serviceOn(store);
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    const first = expectRight(await service.handle(message('c2')));
    expectRight(await service.handle(message('c3')));
    take();
    // The first repeat fills in the global positions the append did not report (one full read) ...
    const again = expectRight(await service.handle(message('c2')));
    expect(again.alreadyApplied).toBe(true);
    expect(again.events).toEqual(first.events.map((r) => ({ ...r, globalPosition: expect.any(Number) })));
    expect(again.version).toBe(3);
    expect(take().map((r) => r.fromVersion)).toEqual([1]);
    // ... after which repeats are answered from the cache alone.
    expect(expectRight(await service.handle(message('c2')))).toEqual(again);
    expect(expectRight(await service.handle(message('c1'))).events.map((r) => r.event.type)).toEqual(['DisputeOpened']);
    expect(take()).toEqual([]);
    expect(inner.log.filter((r) => r.streamId === 'dispute-d1')).toHaveLength(3);
  });

  it('with cacheSize 0, reads every stream whole for every command', async () => {
    const inner = createTestStore();
    const { store, take } = spyStore(inner);
    const { service } = serviceOn(store, { cacheSize: 0 });
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    for (const commandId of ['c2', 'c3', 'c4']) expectRight(await service.handle(message(commandId)));
    expect(take()).toEqual([0, 1, 2, 3].map((returned) => ({ streamId: 'dispute-d1', fromVersion: 1, returned })));
  });

  it('keeps at most cacheSize streams, forgetting the least recently used', async () => {
    const inner = createTestStore();
    const { store, take } = spyStore(inner);
    const { service } = serviceOn(store, { cacheSize: 2 });
    for (const id of ['d1', 'd2', 'd3']) expectRight(await service.handle(openJson({ disputeId: id, commandId: `open-${id}`, orderId: `o-${id}` })));
    take();
    expectRight(await service.handle(message('c-d3', 'd3')));
    expectRight(await service.handle(message('c-d2', 'd2')));
    expectRight(await service.handle(message('c-d1', 'd1')));
    expect(take().map((r) => [r.streamId, r.fromVersion])).toEqual([['dispute-d1', 1]]);
    // d1 came back in and pushed out d3, the least recently used of the three.
    expectRight(await service.handle(message('c2-d3', 'd3')));
    expect(take().map((r) => [r.streamId, r.fromVersion])).toEqual([['dispute-d3', 1]]);
  });

  it('refuses an invalid cacheSize as a programmer error', () => {
    const store = createTestStore();
    for (const cacheSize of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createDisputeService({ store, cacheSize })).toThrow(RangeError);
    }
  });
});
