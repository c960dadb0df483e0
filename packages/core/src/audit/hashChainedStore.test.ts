import * as E from 'fp-ts/lib/Either.js';
import { fixedClock } from '../clock/clock';
import { createDisputeService } from '../service/disputeService';
import { createTestStore } from '../testing/internal/testStore';
import * as f from '../testing/fixtures';
import { encodeCommand } from '../dispute/parse';
import { withHashChain } from './hashChainedStore';
import { silentSeller } from '../testing/internal/storedHistories';
import { verifyChain } from './verifyChain';

const newEvent = (n: number, extra: Record<string, unknown> = {}) => ({
  type: 'MessagePosted',
  data: { n },
  metadata: { eventId: `e-${n}`, commandId: `c-${n}`, recordedAt: '2026-03-01T00:00:00.000Z', schemaVersion: 1, ...extra },
});

describe('withHashChain', () => {
  it('chains every append, whatever the expected version', async () => {
    const inner = createTestStore();
    const store = withHashChain(inner);
    expect(E.isRight(await store.appendToStream('s', [newEvent(1), newEvent(2)], { expectedVersion: 'no_stream' }))).toBe(true);
    expect(E.isRight(await store.appendToStream('s', [newEvent(3)], { expectedVersion: 2 }))).toBe(true);
    expect(E.isRight(await store.appendToStream('s', [newEvent(4)], { expectedVersion: 'any' }))).toBe(true);
    expect(E.isRight(await store.appendToStream('s', [newEvent(5)], { expectedVersion: 'stream_exists' }))).toBe(true);
    expect(E.isRight(await store.appendToStream('t', [newEvent(6)], { expectedVersion: 'any' }))).toBe(true);
    expect(inner.log.every((e) => typeof e.metadata['hash'] === 'string')).toBe(true);
    expect(verifyChain(inner.log)).toMatchObject({ ok: true, events: 6, streams: 2 });
  });

  it('keeps the store’s refusals: a wrong version, or stream_exists on an empty stream', async () => {
    const store = withHashChain(createTestStore());
    await store.appendToStream('s', [newEvent(1)], { expectedVersion: 'no_stream' });
    expect(await store.appendToStream('s', [newEvent(2)], { expectedVersion: 5 })).toMatchObject({ _tag: 'Left', left: { _tag: 'WrongExpectedVersion' } });
    expect(await store.appendToStream('u', [newEvent(3)], { expectedVersion: 'stream_exists' })).toMatchObject({ _tag: 'Left', left: { _tag: 'WrongExpectedVersion' } });
  });

  it('passes reads, follows and close through, and a failed read of the head', async () => {
    const inner = createTestStore();
    const store = withHashChain(inner);
    await store.appendToStream('s', [newEvent(1)], { expectedVersion: 'no_stream' });
    expect((await store.readStream('s')) as unknown).toEqual(await inner.readStream('s'));
    expect((await store.readAll()) as unknown).toEqual(await inner.readAll());
    const followed = [];
    for await (const event of store.followAll()) followed.push(event.streamId);
    expect(followed).toEqual(['s']);
    await store.close();
    expect(await store.appendToStream('s', [newEvent(2)], { expectedVersion: 1 })).toMatchObject({ _tag: 'Left', left: { _tag: 'StoreClosed' } });
    expect(await store.appendToStream('s', [newEvent(3)], { expectedVersion: 'any' })).toMatchObject({ _tag: 'Left', left: { _tag: 'StoreClosed' } });
  });

  it('appends events that are already chained as they are', async () => {
    const inner = createTestStore();
    const chained = newEvent(1, { hash: 'a'.repeat(64), previousHash: 'b'.repeat(64) });
    await withHashChain(inner).appendToStream('s', [chained], { expectedVersion: 'no_stream' });
    expect(inner.log[0]!.metadata).toEqual(chained.metadata);
  });

  it('gives the dispute service a chained log, order guard streams included', async () => {
    const inner = createTestStore();
    const service = createDisputeService({ store: withHashChain(inner), clock: fixedClock('2026-04-01T00:00:00Z') });
    for (const command of silentSeller('d1')) {
      const handled = await service.handle(encodeCommand(command));
      expect(E.isRight(handled)).toBe(true);
    }
    expect(new Set(inner.log.map((e) => e.streamId))).toEqual(new Set(['dispute-d1', `order-${f.ORDER_ID}`]));
    expect(verifyChain(inner.log)).toMatchObject({ ok: true, streams: 2 });
  });
});
