import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { chainedLogChunks, chainedPageEvents, createMerkleLog, leafChunks, TreeReadFailed, withHashChain, type ChainedChunk, type EventStore, type LeafChunk, type NewEvent, type RecordedEvent } from '@disputekit/core';
import { leafHashesOf, recomputeChainHash } from '@disputekit/core/internal';
import { expectRight } from '@disputekit/core/testing';
import { testTempFolder } from '../testRun';
import { createSqliteEventStore } from './sqliteEventStore';
import { sqliteRangedLog } from './sqliteLogRanges';
import { SQLITE_EVENTS_TABLE } from './sqliteSchema';
import { createSqliteTreeStore } from './sqliteTreeStore';

const temp = testTempFolder('sqlite_ranges');
let files = 0;
const freshFile = (): string => join(temp.path, `file-${(files += 1)}.db`);
afterAll(() => temp.remove());

/** Event data of many shapes: keys in any order (sorted or not), nested values, non-ASCII and escaped text, integers. */
const payload = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 6 }),
  fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 })),
  { maxKeys: 5 },
);

/** Writes `count` events over a few streams in a random order, with metadata keys unsorted for some; then deletes some rows (gaps in the positions). */
const writeStore = async (filename: string, seed: number, count: number, gaps: ReadonlyArray<number>, chained = false): Promise<void> => {
  const plain = createSqliteEventStore({ filename, synchronous: 'NORMAL' });
  const store = chained ? withHashChain(plain) : plain;
  const datas = fc.sample(payload, { seed, numRuns: count });
  const versions = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const streamId = `s-${(i * 7 + seed) % 5}`;
    const version = versions.get(streamId) ?? 0;
    const metadata = i % 3 === 0 ? { schemaVersion: 1, recordedAt: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`, eventId: `e-${i}`, commandId: `c-${i}` } : { commandId: `c-${i}`, eventId: `e-${i}`, recordedAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1, note: 'ünïcode "quoted" \\ \u0001' };
    const event: NewEvent = { type: i % 2 === 0 ? 'Happened' : 'Other', data: datas[i] as NewEvent['data'], metadata: metadata as NewEvent['metadata'] };
    expectRight(await store.appendToStream(streamId, [event], { expectedVersion: version === 0 ? 'no_stream' : version }));
    versions.set(streamId, version + 1);
  }
  await store.close();
  const db = new Database(filename);
  for (const position of gaps) db.prepare(`DELETE FROM ${SQLITE_EVENTS_TABLE} WHERE global_position = ?`).run(position);
  db.close();
};

/** The whole log read in one thread, and its leaves. */
const oneThread = async (events: EventStore): Promise<{ positions: number[]; leaves: Buffer }> => {
  const all = expectRight(await events.readAll({ maxCount: 100_000 })) as ReadonlyArray<RecordedEvent>;
  return { positions: all.map((event) => event.globalPosition), leaves: leafHashesOf(all) };
};

/** The chunks' leaves joined in the order they came. */
const joined = (chunks: ReadonlyArray<LeafChunk>): { positions: number[]; leaves: Buffer } => ({
  positions: chunks.flatMap((chunk) => Array.from(chunk.hashed?.positions ?? [])),
  leaves: Buffer.concat(chunks.map((chunk) => chunk.hashed?.leaves ?? Buffer.alloc(0))),
});

describe('SQLite log read by position ranges in worker threads (leafChunks)', () => {
  it('gives the very leaves and positions one thread gives, in log order, over generated logs with gaps and partial last pages', async () => {
    for (const [seed, count, span, pageSize] of [
      [1, 600, 97, 13],
      [2, 257, 64, 64],
      [3, 1_000, 1_000, 999],
    ] as const) {
      const filename = freshFile();
      await writeStore(filename, seed, count, [1, 50, 51, 52, count - 1]);
      const events = createSqliteEventStore({ filename, readOnly: true });
      const ranged = sqliteRangedLog({ filename })!;
      const upTo = await ranged.lastPosition();
      expect(upTo).toBe(count);
      const chunks: LeafChunk[] = [];
      for await (const chunk of leafChunks(ranged, 0, upTo, { threads: 2, span, pageSize })) chunks.push(chunk);
      // Every chunk was hashed by a worker (none fell back to this thread), and they came in order, back to back.
      expect(chunks.every((chunk) => chunk.hashed !== undefined)).toBe(true);
      expect(chunks.map((chunk) => chunk.after)).toEqual(chunks.map((_, k) => k * span));
      const expected = await oneThread(events);
      const got = joined(chunks);
      expect(got.positions).toEqual(expected.positions);
      expect(got.leaves.equals(expected.leaves)).toBe(true);
      await events.close();
    }
  });

  it('builds the same tree rows and root as one thread, with the workers reading the store (createMerkleLog with rangedLog)', async () => {
    const filename = freshFile();
    await writeStore(filename, 4, 700, [10, 11, 300]);
    const events = createSqliteEventStore({ filename });
    const inWorkers = createSqliteTreeStore({ filename });
    const headInWorkers = await createMerkleLog({ events, tree: inWorkers, rangedLog: sqliteRangedLog({ filename })!, threads: 2, rangedMinimum: 1 }).catchUp();
    const leavesInWorkers = await inWorkers.leaves(0, headInWorkers.size);
    const positionsInWorkers = await inWorkers.leafPositions(0, headInWorkers.size);
    const nodeInWorkers = await inWorkers.node(8, 1);
    await inWorkers.clear();
    const headOneThread = await createMerkleLog({ events, tree: inWorkers, threads: 0 }).catchUp();
    expect(headInWorkers).toEqual(headOneThread);
    expect(headInWorkers.size).toBe(697);
    expect(Buffer.concat(await inWorkers.leaves(0, headOneThread.size)).equals(Buffer.concat(leavesInWorkers))).toBe(true);
    expect(await inWorkers.leafPositions(0, headOneThread.size)).toEqual(positionsInWorkers);
    expect((await inWorkers.node(8, 1)).equals(nodeInWorkers)).toBe(true);
    await inWorkers.close();
    await events.close();
  });

  it('hands back a range holding a row the store refuses, which one thread then reads and reports as it always did', async () => {
    const filename = freshFile();
    await writeStore(filename, 5, 300, []);
    const db = new Database(filename);
    db.prepare(`UPDATE ${SQLITE_EVENTS_TABLE} SET metadata = '{not json' WHERE global_position = 150`).run();
    db.close();
    const ranged = sqliteRangedLog({ filename })!;
    const chunks: LeafChunk[] = [];
    for await (const chunk of leafChunks(ranged, 0, 300, { threads: 2, span: 100 })) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.hashed === undefined)).toEqual([false, true, false]);
    const events = createSqliteEventStore({ filename });
    const tree = createSqliteTreeStore({ filename });
    const inWorkers = await createMerkleLog({ events, tree, rangedLog: ranged, threads: 2, rangedMinimum: 1 }).catchUp().catch((error: unknown) => error);
    await tree.clear();
    const inOneThread = await createMerkleLog({ events, tree, threads: 0 }).catchUp().catch((error: unknown) => error);
    expect(inWorkers).toBeInstanceOf(TreeReadFailed);
    expect((inWorkers as TreeReadFailed).message).toBe((inOneThread as TreeReadFailed).message);
    expect((inWorkers as TreeReadFailed).message).toContain('global position 150');
    await tree.close();
    await events.close();
  });

  it('has no ranged log for a store in memory, and reads nothing past the last position it was given', async () => {
    expect(sqliteRangedLog({ filename: ':memory:' })).toBeUndefined();
    const filename = freshFile();
    await writeStore(filename, 6, 50, []);
    const chunks: LeafChunk[] = [];
    for await (const chunk of leafChunks(sqliteRangedLog({ filename })!, 10, 40, { threads: 1, span: 7 })) chunks.push(chunk);
    expect(joined(chunks).positions).toEqual(Array.from({ length: 30 }, (_, i) => 11 + i));
    const reader = createSqliteEventStore({ filename, readOnly: true });
    const read = await reader.readAll({ after: 10, maxCount: 30 });
    await reader.close();
    expect(E.isRight(read) && leafHashesOf(read.right).equals(joined(chunks).leaves)).toBe(true);
  });
});

/** The chunks' events and chain hashes, joined in the order they came. */
const chainedJoined = (chunks: ReadonlyArray<ChainedChunk>): { events: RecordedEvent[]; hashes: Array<string | null> } => {
  const pages = chunks.flatMap((chunk) => (chunk.pages ?? []).map((bytes) => chainedPageEvents(bytes)));
  return { events: pages.flatMap((page) => [...page.events]), hashes: pages.flatMap((page) => [...page.chainHashes]) };
};

/** What the log verifier reads of an event once its chain hash is in hand: everything but the metadata beyond the chain fields. */
const asCarried = (event: RecordedEvent): RecordedEvent => {
  const { hash, previousHash, hashVersion } = event.metadata as unknown as Record<string, unknown>;
  return { ...event, metadata: { hash, previousHash, hashVersion } as unknown as RecordedEvent['metadata'] };
};

describe('SQLite log read with its chain hashes by a worker thread (chainedLogChunks)', () => {
  it('gives the events one thread reads and the chain hashes recomputeChainHash gives, in log order, over logs with gaps', async () => {
    for (const [seed, count, span, pageSize, maxPageChars] of [
      [7, 600, 97, 13, 2_000],
      [8, 300, 300, 512, 16_000],
    ] as const) {
      const filename = freshFile();
      await writeStore(filename, seed, count, [1, 50, 51, count - 1], true);
      const events = createSqliteEventStore({ filename, readOnly: true });
      const ranged = sqliteRangedLog({ filename })!;
      const chunks: ChainedChunk[] = [];
      for await (const chunk of chainedLogChunks(ranged, 0, await ranged.lastPosition(), { threads: 1, span, pageSize, maxPageChars })) chunks.push(chunk);
      // Every chunk was read by the worker, and they came in order, back to back.
      expect(chunks.every((chunk) => chunk.pages !== undefined)).toBe(true);
      expect(chunks.map((chunk) => chunk.after)).toEqual(chunks.map((_, k) => k * span));
      const expected = expectRight(await events.readAll({ maxCount: 100_000 })) as ReadonlyArray<RecordedEvent>;
      const got = chainedJoined(chunks);
      expect(got.events).toEqual(expected.map(asCarried));
      expect(got.hashes).toEqual(expected.map((event) => recomputeChainHash(event)));
      await events.close();
    }
  });

  it('hands back a range holding a row the store refuses, and reads nothing without a worker', async () => {
    const filename = freshFile();
    await writeStore(filename, 9, 300, [], true);
    const db = new Database(filename);
    db.prepare(`UPDATE ${SQLITE_EVENTS_TABLE} SET metadata = '{not json' WHERE global_position = 150`).run();
    db.close();
    const ranged = sqliteRangedLog({ filename })!;
    const chunks: ChainedChunk[] = [];
    for await (const chunk of chainedLogChunks(ranged, 0, 300, { threads: 1, span: 100 })) chunks.push(chunk);
    expect(chunks.map((chunk) => [chunk.after, chunk.upTo, chunk.pages === undefined])).toEqual([[0, 100, false], [100, 200, true], [200, 300, false]]);
    const none: ChainedChunk[] = [];
    for await (const chunk of chainedLogChunks(ranged, 0, 300, { threads: 0, span: 100 })) none.push(chunk);
    expect(none).toEqual([{ after: 0, upTo: 100 }, { after: 100, upTo: 200 }, { after: 200, upTo: 300 }]);
  });
});
