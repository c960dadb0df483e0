import pg from 'pg';
import { countedEvents, freshStreamId, rightOf } from '../testing/contractFixtures';
import { createPostgresEventStore } from './postgresEventStore';
import { describeWithPostgres, dropTestSchemas, testSchemaName } from '../testRun';

// A stream read is a prepared statement with array rows on the pool the store makes itself, and a
// plain query on a pool or client the caller passes: both must read the same records.
describeWithPostgres('PostgreSQL stream reads on every kind of connection (real server)', (url) => {
  const schema = testSchemaName('read_rows');

  afterAll(async () => {
    await dropTestSchemas([schema], url);
  }, 60_000);

  it('reads the same records through its own pool, a caller’s pool and a caller’s client, pages included', async () => {
    const own = createPostgresEventStore({ connectionString: url, schema, migrate: true, poolSize: 2 });
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // Another stream first, so that the positions (4..8) differ from the versions (1..5).
      rightOf(await own.appendToStream(freshStreamId(), countedEvents(3), { expectedVersion: 'no_stream' }));
      const streamId = freshStreamId();
      rightOf(await own.appendToStream(streamId, countedEvents(5), { expectedVersion: 'no_stream' }));
      const stores = [own, createPostgresEventStore({ pool, schema }), createPostgresEventStore({ client, schema })];
      const whole = rightOf(await own.readStream(streamId));
      expect(whole.map((event) => event.version)).toEqual([1, 2, 3, 4, 5]);
      expect(whole.map((event) => event.globalPosition)).toEqual([4, 5, 6, 7, 8]);
      expect(whole.every((event) => event.streamId === streamId)).toBe(true);
      for (const store of stores) {
        expect(rightOf(await store.readStream(streamId))).toEqual(whole);
        // The prepared statement is reused with other values: another page, and an absent stream.
        expect(rightOf(await store.readStream(streamId, { fromVersion: 4, maxCount: 1 }))).toEqual(whole.slice(3, 4));
        expect(rightOf(await store.readStream(freshStreamId()))).toEqual([]);
      }
    } finally {
      await own.close();
      await pool.end();
      await client.end();
    }
  });
});
