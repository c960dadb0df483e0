import { duplicateEvent, storeUnavailable, wrongExpectedVersion } from '../eventStore/storeErrors';
import { createDisputeService } from './disputeService';
import type { ServiceObservation } from './serviceObservation';
import { messageJson, openJson, proposalJson } from '../testing/internal/commandJson';
import { faultyStore, type Fault, type FaultCall } from '../testing/internal/faultyStore';
import { createTestStore, type TestStore } from '../testing/internal/testStore';
import { expectRight, expectLeft } from '../testing/either';

/** A store where d1 is open, wrapped so that `plan` can fail calls to the dispute stream. */
const openedStore = async (plan: (call: FaultCall) => Fault) => {
  const inner = createTestStore();
  expectRight(await createDisputeService({ store: inner }).handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
  const store = faultyStore(inner, plan);
  const observations: ServiceObservation[] = [];
  const service = createDisputeService({ store, backoff: () => 0, observe: (o) => observations.push(o) });
  return { inner, store, service, observations };
};

const rowsOf = (store: TestStore, streamId = 'dispute-d1') => store.log.filter((r) => r.streamId === streamId);
const appendsTo = (calls: ReadonlyArray<FaultCall>, streamId = 'dispute-d1') => calls.filter((c) => c.op === 'append' && c.streamId === streamId);

describe('DisputeService: version conflicts', () => {
  it('re-reads and re-decides after WrongExpectedVersion, and succeeds when the conflicts stop', async () => {
    let conflicts = 3;
    const { inner, store, service, observations } = await openedStore((call) =>
      call.op === 'append' && conflicts-- > 0 ? wrongExpectedVersion(call.streamId, 1, 2) : undefined,
    );
    const result = expectRight(await service.handle(messageJson({ disputeId: 'd1', commandId: 'c2' })));
    expect(result.version).toBe(2);
    expect(appendsTo(store.calls)).toHaveLength(4);
    // every attempt read the stream again before deciding
    expect(store.calls.map((c) => c.op)).toEqual(['read', 'append', 'read', 'append', 'read', 'append', 'read', 'append']);
    expect(observations.filter((o) => o._tag === 'Conflict').map((o) => o._tag === 'Conflict' && [o.attempt, o.willRetry])).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
    expect(rowsOf(inner).map((r) => r.version)).toEqual([1, 2]);
  });

  it('re-decides against what the other writer appended', async () => {
    const inner = createTestStore();
    const service = createDisputeService({ store: inner, backoff: () => 0 });
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    let injected = false;
    const store = faultyStore(inner, () => undefined);
    const racing = createDisputeService({
      store: {
        ...store,
        appendToStream: async (streamId, events, options) => {
          if (!injected && streamId === 'dispute-d1') {
            injected = true;
            // Another writer gets in first, with a proposal using the same proposal id.
            expectRight(await service.handle(proposalJson({ disputeId: 'd1', commandId: 'other', proposalId: 'p-s1', amount: 2_000 })));
          }
          return store.appendToStream(streamId, events, options);
        },
      },
      backoff: () => 0,
    });
    const error = expectLeft(await racing.handle(proposalJson({ disputeId: 'd1', commandId: 'c2', proposalId: 'p-s1', amount: 3_000 })));
    expect(error._tag).toBe('DuplicateProposalId');
    expect(rowsOf(inner).map((r) => r.metadata.commandId)).toEqual(['c1', 'other']);
  });

  it('gives up after maxRetries (default 5) with a ConcurrencyConflict that says so, having written nothing', async () => {
    const { inner, store, service, observations } = await openedStore((call) =>
      call.op === 'append' ? wrongExpectedVersion(call.streamId, 1, 2) : undefined,
    );
    const error = expectLeft(await service.handle(messageJson({ disputeId: 'd1', commandId: 'c2' })));
    expect(error).toMatchObject({ _tag: 'ConcurrencyConflict', streamId: 'dispute-d1', retries: 5 });
    expect(error.message).toContain('retrying 5 times');
    expect(appendsTo(store.calls)).toHaveLength(6);
    expect(observations.filter((o) => o._tag === 'Conflict' && !o.willRetry)).toHaveLength(1);
    expect(rowsOf(inner)).toHaveLength(1);
  });

  it('honours maxRetries', async () => {
    const inner = createTestStore();
    expectRight(await createDisputeService({ store: inner }).handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    const store = faultyStore(inner, (call) => (call.op === 'append' ? wrongExpectedVersion(call.streamId, 1, 2) : undefined));
    const service = createDisputeService({ store, maxRetries: 1, backoff: () => 0 });
    expect(expectLeft(await service.handle(messageJson({ disputeId: 'd1', commandId: 'c2' })))).toMatchObject({ retries: 1 });
    expect(appendsTo(store.calls)).toHaveLength(2);
  });

  it('waits the backoff between retries', async () => {
    const inner = createTestStore();
    expectRight(await createDisputeService({ store: inner }).handle(openJson({ disputeId: 'd1', commandId: 'c1' })));
    let conflicts = 2;
    // What happened, in order: each append, and each timer of the backoff's length when it fires.
    const happened: string[] = [];
    const store = faultyStore(inner, (call) => {
      if (call.op !== 'append') return undefined;
      happened.push('append');
      return conflicts-- > 0 ? wrongExpectedVersion(call.streamId, 1, 2) : undefined;
    });
    const asked: number[] = [];
    const BACKOFF = 7;
    const service = createDisputeService({ store, backoff: (attempt) => (asked.push(attempt), BACKOFF) });
    const realSetTimeout = global.setTimeout;
    const timers = jest.spyOn(global, 'setTimeout').mockImplementation(((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
      realSetTimeout(() => {
        if (ms === BACKOFF) happened.push(`waited ${ms} ms`);
        callback(...args);
      }, ms)) as typeof setTimeout);
    try {
      expectRight(await service.handle(messageJson({ disputeId: 'd1', commandId: 'c2' })));
    } finally {
      timers.mockRestore();
    }
    expect(asked).toEqual([1, 2]);
    // No retry before its backoff has run out (the order is what is checked, never a duration).
    expect(happened).toEqual(['append', 'waited 7 ms', 'append', 'waited 7 ms', 'append']);
  });

  it('serialises many concurrent handlers on one dispute: versions 1..n, every command once', async () => {
    const store = createTestStore();
    const conflicts: ServiceObservation[] = [];
    const service = createDisputeService({ store, maxRetries: 100, observe: (o) => conflicts.push(o) });
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c0' })));
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => service.handle(messageJson({ disputeId: 'd1', commandId: `m${i}`, by: i % 2 ? 'buyer' : 'seller' }))),
    );
    results.forEach((r) => expectRight(r));
    const rows = rowsOf(store);
    expect(rows.map((r) => r.version)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.metadata.commandId)).size).toBe(31);
    expect(conflicts.length).toBeGreaterThan(0);
  });
});

describe('DisputeService: duplicate events', () => {
  it('treats DuplicateEvent as "already applied": re-reads and returns the stored result', async () => {
    // The same command was appended by another handler; our append is told the ids exist.
    const { inner, store, service } = await openedStore((call) =>
      call.op === 'append' && call.streamId === 'dispute-d1' ? { after: duplicateEvent(call.streamId, call.events[0]!.metadata.eventId) } : undefined,
    );
    const result = expectRight(await service.handle(messageJson({ disputeId: 'd1', commandId: 'c2' })));
    expect(result.alreadyApplied).toBe(true);
    expect(result.events.map((r) => r.metadata.commandId)).toEqual(['c2']);
    expect(rowsOf(inner)).toHaveLength(2);
    expect(appendsTo(store.calls)).toHaveLength(1);
  });

  it('reports DuplicateEvent when the command id was already used by another dispute', async () => {
    const store = createTestStore();
    const service = createDisputeService({ store, backoff: () => 0 });
    expectRight(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1', orderId: 'o1' })));
    expectRight(await service.handle(openJson({ disputeId: 'd2', commandId: 'c2', orderId: 'o2' })));
    expectRight(await service.handle(messageJson({ disputeId: 'd1', commandId: 'shared' })));
    const error = expectLeft(await service.handle(messageJson({ disputeId: 'd2', commandId: 'shared' })));
    expect(error._tag).toBe('DuplicateEvent');
    expect(rowsOf(store, 'dispute-d2')).toHaveLength(1);
  });
});

describe('DisputeService: an unavailable store', () => {
  it('returns StoreUnavailable from a failed read, and writes nothing', async () => {
    const { inner, service } = await openedStore((call) => (call.op === 'read' ? storeUnavailable('connection refused') : undefined));
    expect(expectLeft(await service.handle(messageJson({ disputeId: 'd1', commandId: 'c2' })))).toMatchObject({ _tag: 'StoreUnavailable' });
    expect(expectLeft(await service.load('d1'))).toMatchObject({ _tag: 'StoreUnavailable' });
    expect(rowsOf(inner)).toHaveLength(1);
  });

  it('returns StoreUnavailable from a failed append without retrying, and works again once the store is back', async () => {
    let down = true;
    const { inner, store, service } = await openedStore((call) => (down && call.op === 'append' ? storeUnavailable('server closed the connection') : undefined));
    const error = expectLeft(await service.handle(messageJson({ disputeId: 'd1', commandId: 'c2' })));
    expect(error).toMatchObject({ _tag: 'StoreUnavailable', message: expect.stringContaining('server closed the connection') });
    expect(appendsTo(store.calls)).toHaveLength(1);
    expect(rowsOf(inner)).toHaveLength(1);
    down = false;
    const result = expectRight(await service.handle(messageJson({ disputeId: 'd1', commandId: 'c2' })));
    expect(result.alreadyApplied).toBe(false);
    expect(rowsOf(inner)).toHaveLength(2);
  });

  it('a lost reply after a successful append is answered from the store on the retry', async () => {
    let lose = true;
    const { inner, service } = await openedStore((call) =>
      lose && call.op === 'append' ? ((lose = false), { after: storeUnavailable('connection reset') }) : undefined,
    );
    expect(expectLeft(await service.handle(messageJson({ disputeId: 'd1', commandId: 'c2' })))._tag).toBe('StoreUnavailable');
    const retried = expectRight(await service.handle(messageJson({ disputeId: 'd1', commandId: 'c2' })));
    expect(retried.alreadyApplied).toBe(true);
    expect(rowsOf(inner)).toHaveLength(2);
  });

  it('returns StoreClosed after close', async () => {
    const store = createTestStore();
    const service = createDisputeService({ store });
    await store.close();
    expect(expectLeft(await service.handle(openJson({ disputeId: 'd1', commandId: 'c1' })))._tag).toBe('StoreClosed');
  });
});
