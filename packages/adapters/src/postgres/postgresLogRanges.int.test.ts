import * as E from 'fp-ts/lib/Either.js';
import pg from 'pg';
import { chainedLogChunks, chainedPageEvents, createInMemoryTreeStore, createMerkleLog, leafChunks, TreeReadFailed, withHashChain, type ChainedChunk, type LeafChunk, type NewEvent, type RecordedEvent } from '@disputekit/core';
import { leafHashesOf, recomputeChainHash } from '@disputekit/core/internal';
import { createPostgresEventStore } from './postgresEventStore';
import { postgresRangedLog } from './postgresLogRanges';
import { describeWithPostgres, dropTestSchemas, testSchemaName } from '../testRun';
import { readWholeLogThrough } from '../testing/service/storedHistories';

/** The log of a PostgreSQL store read by position ranges in worker threads, each on its own connection. */
describeWithPostgres('PostgreSQL log read by position ranges in worker threads (leafChunks)', (url) => {
  const schema = testSchemaName('ranges');
  const chainedSchema = testSchemaName('ranges_chained');
  afterAll(() => dropTestSchemas([schema, chainedSchema], url));

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

  it('gives the events and chain hashes one thread reads and recomputes to a worker reading them with chainedLogChunks, and hands back a range with a refused row', async () => {
    const events = createPostgresEventStore({ connectionString: url, schema: chainedSchema, migrate: true });
    try {
      const chained = withHashChain(events);
      let last = 0;
      for (let i = 0; i < 180; i++) {
        const news: NewEvent[] = [{ type: 'Counted', data: { n: i, z: 'ünï "q"', a: [i, { y: 1, b: null }] }, metadata: { eventId: `e-${i}`, commandId: `c${i}`, recordedAt: '2026-04-01T00:00:00.000Z', schemaVersion: 1 } }];
        const stream = `dispute-c${i % 7}`;
        const head = await events.readStream(stream);
        if (E.isLeft(head)) throw new Error(head.left.message);
        const appended = await chained.appendToStream(stream, news, { expectedVersion: head.right.length === 0 ? 'no_stream' : head.right.length });
        if (E.isLeft(appended)) throw new Error(`append failed: ${appended.left.message}`);
        last = appended.right.lastGlobalPosition;
      }
      expect((await readWholeLogThrough(events, last)).at(-1)?.globalPosition).toBe(last);
      const ranged = postgresRangedLog({ connectionString: url, schema: chainedSchema })!;
      const upTo = await ranged.lastPosition();
      const all = await events.readAll({ maxCount: 100_000 });
      if (E.isLeft(all)) throw new Error(all.left.message);
      const chunks: ChainedChunk[] = [];
      for await (const chunk of chainedLogChunks(ranged, 0, upTo, { threads: 1, span: 41, pageSize: 9, maxPageChars: 3_000 })) chunks.push(chunk);
      expect(chunks.every((chunk) => chunk.pages !== undefined)).toBe(true);
      const pages = chunks.flatMap((chunk) => chunk.pages!.map((bytes) => chainedPageEvents(bytes)));
      // What the verifier reads of an event once its hash is in hand: place, type, data and the chain fields of the metadata.
      const carried = (event: RecordedEvent) => {
        const { hash, previousHash, hashVersion } = event.metadata as unknown as Record<string, unknown>;
        return { ...event, metadata: { hash, previousHash, hashVersion } };
      };
      expect(pages.flatMap((page) => page.events)).toEqual(all.right.map(carried));
      expect(pages.flatMap((page) => page.chainHashes)).toEqual(all.right.map((event) => recomputeChainHash(event)));

      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`UPDATE "${chainedSchema}".events SET metadata = '{"eventId":""}' WHERE global_position = $1`, [all.right[60]!.globalPosition]);
      await client.end();
      const again: ChainedChunk[] = [];
      for await (const chunk of chainedLogChunks(ranged, 0, upTo, { threads: 1, span: 41 })) again.push(chunk);
      const refused = all.right[60]!.globalPosition;
      expect(again.filter((chunk) => chunk.pages === undefined).map((chunk) => chunk.after)).toEqual([Math.floor((refused - 1) / 41) * 41]);
    } finally {
      await events.close();
    }
  });
});
