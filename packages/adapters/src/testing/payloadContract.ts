import { withStore, type ContractContext } from './contractContext';
import { freshStreamId, newEvent, positionsOf, readAllEventually, rightOf, streamOf, markPosition } from './contractFixtures';
import type { NewEvent } from '@disputekit/core';

const LARGE_STREAM = 10_000;
const BATCH = 1_000;

/** Contract: large streams, unicode everywhere, and large payloads survive the round trip. */
export const payloadContract = (context: ContractContext): void => {
  describe('large streams and payloads', () => {
    it(
      `stores and reads a stream of ${LARGE_STREAM.toLocaleString('en')} events`,
      () =>
        withStore(context, async (store) => {
          const streamId = freshStreamId('large');
          const start = await markPosition(store);
          for (let version = 0; version < LARGE_STREAM; version += BATCH) {
            const batch = Array.from({ length: BATCH }, (_, i) => newEvent('Counted', { n: version + i + 1 }));
            const result = rightOf(await store.appendToStream(streamId, batch, { expectedVersion: version }));
            expect(result.nextExpectedVersion).toBe(version + BATCH);
          }
          const stored = await streamOf(store, streamId);
          expect(stored).toHaveLength(LARGE_STREAM);
          expect(stored.every((event, index) => event.version === index + 1 && (event.data as { n: number }).n === index + 1)).toBe(true);
          const tail = rightOf(await store.readStream(streamId, { fromVersion: 9_995, maxCount: 3 }));
          expect(tail.map((event) => event.version)).toEqual([9_995, 9_996, 9_997]);
          const log = await readAllEventually(store, new Set([streamId]), start, LARGE_STREAM, context.visibilityTimeoutMs, 2_500);
          expect(positionsOf(log)).toEqual(positionsOf(stored));
        }),
      context.slowTestTimeoutMs,
    );

    it('keeps unicode in stream ids, types, data and metadata exactly', () =>
      withStore(context, async (store) => {
        const streamId = freshStreamId('ünïcödé-争议-😀');
        const text = 'Zażółć gęślą jaźń · 争议 · مرحبا · שלום · 😀👍🏽🇪🇺 · e\u0301 · \u0000 · \u2028\u2029 · "quotes" \\ backslash · \ud800 lone';
        const event: NewEvent = newEvent('Nachricht📨', { text, [text]: 'key too', list: [text, '€'] }, { note: text });
        rightOf(await store.appendToStream(streamId, [event], { expectedVersion: 'no_stream' }));
        const [stored] = await streamOf(store, streamId);
        expect(stored).toMatchObject({ streamId, type: 'Nachricht📨', data: event.data, metadata: event.metadata });
        expect((stored?.data as { text: string }).text).toBe(text);
      }));

    it(
      'keeps a 1 MB payload exactly',
      () =>
        withStore(context, async (store) => {
          const streamId = freshStreamId('payload');
          const chunk = 'abcdefghij€😀'; // 10 one-byte, one three-byte and one four-byte character
          const blob = chunk.repeat(Math.floor(1_000_000 / Buffer.byteLength(chunk)));
          expect(Buffer.byteLength(blob)).toBeGreaterThan(990_000);
          const event = newEvent('EvidenceSubmitted', { blob });
          rightOf(await store.appendToStream(streamId, [event], { expectedVersion: 'no_stream' }));
          const [stored] = await streamOf(store, streamId);
          expect((stored?.data as { blob: string }).blob === blob).toBe(true);
        }),
      context.slowTestTimeoutMs,
    );
  });
};
