/**
 * Whether an append to the in-memory store costs time proportional to the events appended, not to
 * the stream's length: the fastest of three windows of 1,000 single-event appends on an empty
 * stream, then on a stream of 60,000 events. Copying the stream per append would make the late
 * windows ~30 times slower; a ratio near 1 is right. A timing, so it lives here and not in the
 * tests (which never assert on speed). Run: `node --import tsx scripts/memoryAppendScaling.ts`.
 */
import * as E from 'fp-ts/lib/Either.js';
import { createInMemoryEventStore } from '@disputekit/adapters/memory';

const store = createInMemoryEventStore();
const streamId = 'dispute-append-scaling';
const event = (n: number) => ({ type: 'Counted', data: { n }, metadata: { eventId: `e-${n}`, commandId: `c-${n}`, recordedAt: '2026-03-01T10:00:00.000Z', schemaVersion: 1 } });
const timeAppends = async (from: number, count: number): Promise<number> => {
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) {
    const result = await store.appendToStream(streamId, [event(from + i + 1)], { expectedVersion: from + i === 0 ? 'no_stream' : from + i });
    if (E.isLeft(result)) throw new Error(result.left.message);
  }
  return Number(process.hrtime.bigint() - started);
};
const fastest = async (from: number): Promise<number> => Math.min(await timeAppends(from, 1_000), await timeAppends(from + 1_000, 1_000), await timeAppends(from + 2_000, 1_000));
const early = await fastest(0);
await timeAppends(3_000, 57_000);
const late = await fastest(60_000);
console.log(`1,000 appends: ${(early / 1e6).toFixed(1)} ms on an empty stream, ${(late / 1e6).toFixed(1)} ms at 60,000 events (ratio ${(late / early).toFixed(2)})`);
