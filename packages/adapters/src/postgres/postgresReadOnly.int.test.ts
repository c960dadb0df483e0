import pg from 'pg';
import { countedEvents, freshStreamId, leftOf, rightOf } from '../testing/contractFixtures';
import { createPostgresEventStore } from './postgresEventStore';
import { describeWithPostgres, dropTestSchemas, testSchemaName } from '../testRun';

// These tests look at a real server's catalogue; PGlite is not used here.
describeWithPostgres('PostgreSQL read-only (real server)', (url) => {
  const admin = new pg.Pool({ connectionString: url, max: 2 });
  const schemas = { store: testSchemaName('ro_store'), unrelated: testSchemaName('ro_unrelated'), missing: testSchemaName('ro_missing') };
  const tablesOf = async (schema: string): Promise<string[]> =>
    (await admin.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [schema])).rows.map((row: { table_name: string }) => row.table_name);
  const schemaExists = async (schema: string): Promise<boolean> => (await admin.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema])).rows.length === 1;

  afterAll(async () => {
    try {
      await dropTestSchemas(Object.values(schemas), url);
    } finally {
      await admin.end();
    }
  }, 60_000);

  describe('PostgreSQL event store opened read-only', () => {
    it('reads a migrated store, and refuses appends without writing', async () => {
      const writer = createPostgresEventStore({ connectionString: url, schema: schemas.store, migrate: true, poolSize: 2 });
      const streamId = freshStreamId();
      rightOf(await writer.appendToStream(streamId, countedEvents(2), { expectedVersion: 'no_stream' }));
      await writer.close();
      const reader = createPostgresEventStore({ connectionString: url, schema: schemas.store, readOnly: true, poolSize: 2 });
      try {
        expect(rightOf(await reader.readStream(streamId)).map((event) => event.version)).toEqual([1, 2]);
        expect(leftOf(await reader.appendToStream(streamId, countedEvents(1, 3), { expectedVersion: 2 }))).toMatchObject({ _tag: 'StoreUnavailable', message: expect.stringContaining('read-only') });
        expect(leftOf(await reader.appendToStreams!([{ streamId, events: countedEvents(1, 3), expectedVersion: 2 }]))._tag).toBe('StoreUnavailable');
      } finally {
        await reader.close();
      }
      expect(Number((await admin.query(`SELECT COUNT(*) AS n FROM "${schemas.store}".events`)).rows[0].n)).toBe(2);
    });

    it('refuses a schema that does not exist, and creates nothing', async () => {
      const reader = createPostgresEventStore({ connectionString: url, schema: schemas.missing, readOnly: true, poolSize: 1 });
      try {
        expect(leftOf(await reader.readAll())).toMatchObject({ _tag: 'StoreUnavailable', message: expect.stringContaining('holds no disputekit event store') });
      } finally {
        await reader.close();
      }
      expect(await schemaExists(schemas.missing)).toBe(false);
    });

    it('refuses a schema with other tables, and leaves it as it was', async () => {
      await admin.query(`CREATE SCHEMA "${schemas.unrelated}"`);
      await admin.query(`CREATE TABLE "${schemas.unrelated}".invoices (id serial PRIMARY KEY, total integer)`);
      const reader = createPostgresEventStore({ connectionString: url, schema: schemas.unrelated, readOnly: true, poolSize: 1 });
      try {
        expect(leftOf(await reader.readStream('dispute-x'))).toMatchObject({ _tag: 'StoreUnavailable', message: expect.stringContaining('no table') });
      } finally {
        await reader.close();
      }
      expect(await tablesOf(schemas.unrelated)).toEqual(['invoices']);
    });

    it('will not both migrate and be read-only', () => {
      expect(() => createPostgresEventStore({ connectionString: url, schema: schemas.store, readOnly: true, migrate: true })).toThrow(TypeError);
    });
  });
});
