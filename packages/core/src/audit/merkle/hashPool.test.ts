import fc from 'fast-check';
import { createTestStore } from '../../testing/internal/testStore';
import { runsFor } from '../../testing/internal/fullRuns';
import { NotCanonicalJson } from '../canonicalJson';
import type { StoredChainedEvent } from '../eventHash';
import { chainHashesOf, leafHashesOf } from './hashJobs';
import { createHashPool, type HashPool } from './hashPool';
import { LogTreeRecorder } from './logAgainstCheckpoint';
import type { LeafEvent } from './logLeaf';
import { createMerkleLog } from './merkleLog';
import { createInMemoryTreeStore } from './treeStore';

const RUNS = runsFor(15, 300);

const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });

/** A stored event with random content: data of any JSON, metadata with or without chain fields, hash version 1 or 2 or none. */
const anEvent = fc.record({
  streamId: fc.constantFrom('dispute-a', 'dispute-b', 'order-o1', 'other'),
  version: fc.integer({ min: 1, max: 1_000 }),
  type: fc.string(),
  data: fc.jsonValue(),
  metadata: fc.record(
    {
      eventId: fc.string(),
      commandId: fc.string(),
      schemaVersion: fc.integer({ min: 1, max: 3 }),
      previousHash: hex64,
      hash: hex64,
      hashVersion: fc.constantFrom(1, 2, 'x'),
      recordedAt: fc.string(),
      extra: fc.jsonValue(),
    },
    { requiredKeys: ['eventId'] },
  ),
}) as unknown as fc.Arbitrary<StoredChainedEvent & LeafEvent>;

/** An event whose data JSON cannot hold: it cannot be hashed (nor sent to a worker). */
const unhashable = { streamId: 'dispute-a', version: 1, type: 'T', data: { n: 1n }, metadata: { hashVersion: 2 } } as unknown as StoredChainedEvent & LeafEvent;

describe.each(['clone', 'json'] as const)('HashPool (%s): the same hashes in worker threads as in one thread', (transport) => {
  let pool: HashPool;
  beforeAll(() => {
    // minBatch 1: every batch goes to the workers, however small.
    pool = createHashPool({ threads: 2, minBatch: 1, transport });
  });
  afterAll(async () => {
    await pool.close();
    expect(pool.threads).toBe(0);
  });

  it('gives the leaf and chain hashes of any log exactly as leafHashesOf and chainHashesOf do', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anEvent, { maxLength: 40 }), async (events) => {
        const oneThread = (() => {
          try {
            return leafHashesOf(events);
          } catch (error) {
            return error as Error;
          }
        })();
        if (oneThread instanceof Error) {
          await expect(pool.leafHashes(events)).rejects.toThrow(oneThread.message);
          return;
        }
        const leaves = oneThread;
        const chain = chainHashesOf(events);
        expect((await pool.leafHashes(events)).equals(leaves)).toBe(true);
        expect(await pool.chainHashes(events)).toEqual(chain);
        const both = await pool.leafAndChainHashes(events);
        expect(both.leaves.equals(leaves)).toBe(true);
        expect(both.chain).toEqual(chain);
      }),
      { numRuns: RUNS },
    );
    expect(pool.threads).toBe(2);
  });

  it('hashes in the calling thread what it cannot send (and reports null where it cannot hash)', async () => {
    expect(await pool.chainHashes([unhashable])).toEqual([null]);
    await expect(pool.leafHashes([unhashable])).rejects.toThrow(NotCanonicalJson);
    await expect(pool.leafAndChainHashes([unhashable])).rejects.toThrow(NotCanonicalJson);
    if (transport === 'clone') {
      // JSON would drop the function (documented): only a structured clone refuses it as one thread does.
      const withFunction = { ...unhashable, data: { f: () => 1 } } as unknown as LeafEvent;
      await expect(pool.leafHashes([withFunction])).rejects.toThrow(NotCanonicalJson);
    }
    expect(pool.threads).toBe(2);
  });
});

describe('HashPool without workers', () => {
  it('hashes in the calling thread with 0 threads, and below minBatch, and after close', async () => {
    const events = fc.sample(anEvent, { numRuns: 30, seed: 7 });
    for (const pool of [createHashPool({ threads: 0 }), createHashPool({ threads: 2, minBatch: 1_000 })]) {
      expect((await pool.leafHashes(events)).equals(leafHashesOf(events))).toBe(true);
      expect(await pool.chainHashes(events)).toEqual(chainHashesOf(events));
      expect(pool.threads).toBe(0);
      await pool.close();
      expect((await pool.leafHashes(events)).equals(leafHashesOf(events))).toBe(true);
    }
  });
});

describe('the Merkle log with a HashPool', () => {
  it('builds the same tree and root, and records the same leaves, as without one', async () => {
    const events = createTestStore({ multiStream: true });
    for (let i = 0; i < 700; i++) {
      const appended = await events.appendToStream(`other-${i % 13}`, [{ type: 'Noted', data: { i, text: `note ${i}` }, metadata: { eventId: `e${i}`, commandId: `c${i}`, schemaVersion: 1, recordedAt: '2026-04-01T12:00:00.000Z' } }], { expectedVersion: 'any' });
      expect(appended._tag).toBe('Right');
    }
    const pool = createHashPool({ threads: 2, minBatch: 1 });
    try {
      const plain = await createMerkleLog({ events, tree: createInMemoryTreeStore(), batchSize: 64 }).catchUp();
      const pooledTree = createInMemoryTreeStore();
      const pooled = await createMerkleLog({ events, tree: pooledTree, batchSize: 64, hashPool: pool }).catchUp();
      expect(pooled).toEqual(plain);
      expect(await pooledTree.leaves(0, 700)).toEqual(await (async () => {
        const tree = createInMemoryTreeStore();
        await createMerkleLog({ events, tree }).catchUp();
        return tree.leaves(0, 700);
      })());
      const all = await events.readAll({ maxCount: 1_000 });
      if (all._tag === 'Left') throw new Error(all.left.message);
      const [one, two] = [new LogTreeRecorder(700, [700]), new LogTreeRecorder(700, [700])];
      for (const event of all.right) one.push(event);
      const hashes = await pool.leafHashes(all.right);
      all.right.forEach((event, i) => two.pushLeaf(hashes.subarray(i * 32, i * 32 + 32), event.globalPosition));
      expect(two.rootAt(700)).toEqual(plain.rootHash);
      expect(two.leaves()).toEqual(one.leaves());
    } finally {
      await pool.close();
    }
  });
});
