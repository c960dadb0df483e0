import * as E from 'fp-ts/lib/Either.js';
import { fixedClock } from '../clock/clock';
import type { EventStore, ReadStreamOptions, RecordedEvent } from '../eventStore/eventStore';
import { createDisputeService } from './disputeService';
import { decodeDisputeStream, readDisputeStream, type DisputeStream } from './disputeStream';
import { acceptJson, messageJson, openJson, proposalJson, refundJson } from '../testing/internal/commandJson';
import { createTestStore } from '../testing/internal/testStore';

const decoded = (result: E.Either<unknown, DisputeStream>): DisputeStream => {
  if (E.isLeft(result)) throw new Error(`expected a decoded stream, got ${JSON.stringify(result.left)}`);
  return result.right;
};

/** The stored events of a whole dispute, as a store returns them. */
const storedDispute = async (): Promise<ReadonlyArray<RecordedEvent>> => {
  const store = createTestStore();
  const service = createDisputeService({ store, clock: fixedClock('2026-04-01T12:00:00.000Z') });
  const commands = [
    openJson({ disputeId: 'd1', commandId: 'c1' }),
    messageJson({ disputeId: 'd1', commandId: 'c2', day: 2 }),
    proposalJson({ disputeId: 'd1', commandId: 'c3', proposalId: 'p-s1', amount: 3_000, day: 3 }),
    acceptJson({ disputeId: 'd1', commandId: 'c4', proposalId: 'p-s1', by: 'buyer', day: 4 }),
    refundJson({ disputeId: 'd1', commandId: 'c5', amount: 3_000, day: 5 }),
  ];
  for (const command of commands) {
    const result = await service.handle(command);
    if (E.isLeft(result)) throw new Error(result.left.message);
  }
  return store.log.filter((r) => r.streamId === 'dispute-d1');
};

describe('decodeDisputeStream from an earlier decoding', () => {
  it('decodes a stream in two parts, split anywhere, exactly as in one', async () => {
    const stored = await storedDispute();
    expect(stored.length).toBeGreaterThan(5);
    const whole = decoded(decodeDisputeStream('d1', stored));
    for (let split = 0; split <= stored.length; split++) {
      const head = decoded(decodeDisputeStream('d1', stored.slice(0, split)));
      expect(decoded(decodeDisputeStream('d1', stored.slice(split), head))).toEqual(whole);
    }
  });

  it('refuses events that do not follow the earlier decoding, naming the stream and version', async () => {
    const stored = await storedDispute();
    const head = decoded(decodeDisputeStream('d1', stored.slice(0, 2)));
    expect(decodeDisputeStream('d1', stored.slice(3), head)).toMatchObject({ _tag: 'Left', left: { _tag: 'CorruptEvent', streamId: 'dispute-d1', version: 4 } });
    expect(decodeDisputeStream('d1', stored.slice(0, 1).map((r) => ({ ...r, version: 3 })), head)).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'CorruptEvent', version: 3, message: expect.stringContaining('only one DisputeOpened') },
    });
  });
});

/** A store holding `stored` (one dispute stream) that records the options of every read. */
const storeOf = (stored: ReadonlyArray<RecordedEvent>) => {
  const reads: ReadStreamOptions[] = [];
  const inner = createTestStore();
  const store: EventStore = {
    ...inner,
    readStream: async (streamId, options = {}) => {
      reads.push(options);
      const from = (options.fromVersion ?? 1) - 1;
      return E.right(streamId === 'dispute-d1' ? stored.slice(from, from + (options.maxCount ?? stored.length)) : []);
    },
  };
  return { store, reads };
};

describe('readDisputeStream in pages', () => {
  it('reads a stream page by page until a short page, giving exactly the one-read decoding', async () => {
    const stored = await storedDispute();
    const whole = decoded(decodeDisputeStream('d1', stored));
    for (let pageSize = 1; pageSize <= stored.length + 1; pageSize++) {
      const { store, reads } = storeOf(stored);
      expect(decoded(await readDisputeStream(store, 'd1', pageSize))).toEqual(whole);
      // Every page after the last full one is read once: the short (maybe empty) page ends the read.
      const pages = Math.floor(stored.length / pageSize) + 1;
      expect(reads).toEqual(Array.from({ length: pages }, (_, i) => ({ fromVersion: 1 + i * pageSize, maxCount: pageSize })));
    }
  });

  it('reports a corrupt event of a later page with its stream and version, and reads no further', async () => {
    const stored = await storedDispute();
    const broken = stored.map((r) => (r.version === 5 ? { ...r, data: { ...(r.data as object), disputeId: 'd2' } } : r));
    const { store, reads } = storeOf(broken);
    expect(await readDisputeStream(store, 'd1', 2)).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'CorruptEvent', streamId: 'dispute-d1', version: 5, message: expect.stringContaining('belongs to dispute d2') },
    });
    expect(reads.map((r) => r.fromVersion)).toEqual([1, 3, 5]);
  });

  it('reads a missing stream as version 0 in one read', async () => {
    const { store, reads } = storeOf([]);
    const empty = decoded(await readDisputeStream(store, 'd1'));
    expect(empty.version).toBe(0);
    expect(empty.records).toEqual([]);
    expect(reads).toHaveLength(1);
  });
});
