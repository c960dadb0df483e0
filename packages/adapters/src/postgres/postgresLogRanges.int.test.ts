import * as E from 'fp-ts/lib/Either.js';
import pg from 'pg';
import { createInMemoryTreeStore, createMerkleLog, leafChunks, TreeReadFailed, type LeafChunk, type NewEvent } from '@disputekit/core';
import { leafHashesOf } from '@disputekit/core/internal';
import { createPostgresEventStore } from './postgresEventStore';
import { postgresRangedLog } from './postgresLogRanges';
import { describeWithPostgres, dropTestSchemas, testSchemaName } from '../testRun';
import { readWholeLogThrough } from '../testing/service/storedHistories';

/** The log of a PostgreSQL store read by position ranges in worker threads, each on its own connection. */
describeWithPostgres('PostgreSQL log read by position ranges in worker threads (leafChunks)', (url) => {
  const schema = testSchemaName('ranges');
  afterAll(() => dropTestSchemas([schema], url));

  it('gives the leaves one thread gives, in order, builds the same tree, and hands back a range with a refused row', async () => {
    const events = createPostgresEventStore({ connectionString: url, schema, migrate: true });
    try {
      let last = 0;
      for (let i = 0; i < 230; i++) {
        const news: NewEvent[] = [{ type: 'Counted', data: { n: i, z: 'ünï "q"', a: [i, { y: 1, b: null }] }, metadata: { eventId: `e-${i}`, commandId: `c${i}`, recordedAt: '2026-04-01T00:00:00.000Z', schemaVersion: 1 } }];
        const appended = await events.appendToStream(`dispute-r${i % 7}`, news, { expectedVersion: 'any' });
        if (E.isLeft(appended)) throw new Error(`append failed: ${appended.left.message}`);
        last = appended.right.lastGlobalPosition;
      }
      // PostgreSQL shows no event past a transaction still open anywhere on the server (another
      // test's): wait until the log shows the last one appended before comparing two readings of it.
      expect((await readWholeLogThrough(events, last)).at(-1)?.globalPosition).toBe(last);
      const ranged = postgresRangedLog({ connectionString: url, schema })!;
      const upTo = await ranged.lastPosition();
      const all = await events.readAll({ maxCount: 100_000 });
      if (E.isLeft(all)) throw new Error(all.left.message);
      expect(upTo).toBe(all.right[all.right.length - 1]!.globalPosition);
      const chunks: LeafChunk[] = [];
      for await (const chunk of leafChunks(ranged, 0, upTo, { threads: 2, span: 41, pageSize: 9 })) chunks.push(chunk);
      expect(chunks.every((chunk) => chunk.hashed !== undefined)).toBe(true);
      expect(chunks.flatMap((chunk) => Array.from(chunk.hashed!.positions))).toEqual(all.right.map((event) => event.globalPosition));
      expect(Buffer.concat(chunks.map((chunk) => chunk.hashed!.leaves)).equals(leafHashesOf(all.right))).toBe(true);

      const inWorkers = await createMerkleLog({ events, tree: createInMemoryTreeStore(), rangedLog: ranged, threads: 2, rangedMinimum: 1 }).catchUp();
      expect(inWorkers).toEqual(await createMerkleLog({ events, tree: createInMemoryTreeStore(), threads: 0 }).catchUp());

      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`UPDATE "${schema}".events SET metadata = '{"eventId":""}' WHERE global_position = $1`, [all.right[100]!.globalPosition]);
      await client.end();
      const again: LeafChunk[] = [];
      for await (const chunk of leafChunks(ranged, 0, upTo, { threads: 2, span: 41 })) again.push(chunk);
      const refused = all.right[100]!.globalPosition;
      expect(again.filter((chunk) => chunk.hashed === undefined).map((chunk) => chunk.after)).toEqual([Math.floor((refused - 1) / 41) * 41]);
      const failed = await createMerkleLog({ events, tree: createInMemoryTreeStore(), rangedLog: ranged, threads: 2, rangedMinimum: 1 }).catchUp().catch((error: unknown) => error);
      const oneThread = await createMerkleLog({ events, tree: createInMemoryTreeStore(), threads: 0 }).catchUp().catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(TreeReadFailed);
      expect((failed as Error).message).toBe((oneThread as Error).message);
    } finally {
      await events.close();
    }
  });
});
