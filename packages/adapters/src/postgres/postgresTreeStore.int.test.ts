import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { createInMemoryTreeStore, createMerkleLog, GENESIS_HASH, type NewEvent } from '@disputekit/core';
import { chainNewEvents } from '@disputekit/core/internal';
import { createPostgresEventStore } from './postgresEventStore';
import { createPostgresTreeStore } from './postgresTreeStore';
import { describeWithPostgres, dropTestSchemas, testSchemaName } from '../testRun';
import { readWholeLogThrough } from '../testing/service/storedHistories';

/** The Merkle tree kept in its own tables of the store's PostgreSQL schema. */
describeWithPostgres('the Merkle tree in PostgreSQL', (url) => {
  const schema = testSchemaName('tree');
  afterAll(() => dropTestSchemas([schema], url));

  it('grows incrementally in its own tables, gives the same root and proofs as in memory, reads as empty without its tables', async () => {
    const events = createPostgresEventStore({ connectionString: url, schema, migrate: true });
    const absent = createPostgresTreeStore({ connectionString: url, schema, create: false });
    const tree = createPostgresTreeStore({ connectionString: url, schema });
    try {
      expect(await absent.load()).toBeUndefined();
      // Appends n events, then waits until the log shows the last of them: PostgreSQL shows no event
      // past a transaction still open anywhere on the server (another test's), and the tree is built
      // from what the log shows.
      const append = async (n: number, from: number) => {
        let last = 0;
        for (let i = from; i < from + n; i++) {
          const streamId = `dispute-t${i}`;
          const news: NewEvent[] = [{ type: 'Counted', data: { n: i }, metadata: { eventId: randomUUID(), commandId: `c${i}`, recordedAt: '2026-04-01T00:00:00.000Z', schemaVersion: 1 } }];
          const appended = await events.appendToStream(streamId, chainNewEvents({ streamId, version: 0, hash: GENESIS_HASH }, news), { expectedVersion: 'no_stream' });
          if (E.isLeft(appended)) throw new Error(`append failed: ${appended.left.message}`);
          last = appended.right.lastGlobalPosition;
        }
        expect((await readWholeLogThrough(events, last)).at(-1)?.globalPosition).toBe(last);
      };
      await append(37, 0);
      const log = createMerkleLog({ events, tree, batchSize: 10 });
      const first = await log.catchUp();
      expect(first.size).toBe(37);
      await append(12, 37);
      const second = await log.catchUp();
      const memory = await createMerkleLog({ events, tree: createInMemoryTreeStore() }).catchUp();
      expect(second).toEqual(memory);
      expect(await log.rootAt(37)).toEqual(first.rootHash);
      expect((await log.inclusionProof(40, 49)).length).toBeGreaterThan(0);
      expect(await log.leafIndexOf(second.lastGlobalPosition)).toBe(48);
      expect((await tree.leaves(0, 49)).length).toBe(49);
      expect((await tree.leafPositions(47, 49)).length).toBe(2);
      await expect(tree.node(4, 49)).rejects.toThrow(/not built that far/);
      await tree.clear();
      expect(await tree.load()).toBeUndefined();
    } finally {
      await absent.close();
      await tree.close();
      await events.close();
    }
  }, 60_000);
});
