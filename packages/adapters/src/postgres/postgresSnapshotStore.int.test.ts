import { describeWithPostgres, dropTestSchemas, testSchemaName } from '../testRun';
import { snapshotStoreContract } from '../testing/service/snapshotStoreContract';
import { createPostgresEventStore } from './postgresEventStore';
import { createPostgresSnapshotStore } from './postgresSnapshotStore';

describeWithPostgres('snapshots in PostgreSQL', (url) => {
  const schemas: string[] = [];
  afterAll(() => dropTestSchemas(schemas, url));

  snapshotStoreContract('PostgreSQL (own table in the store\'s schema)', () => {
    const schema = testSchemaName('snapshots');
    schemas.push(schema);
    const events = createPostgresEventStore({ connectionString: url, schema, migrate: true });
    // Made before the event store's migration has run: the two creations of the schema may race.
    const snapshots = createPostgresSnapshotStore({ connectionString: url, schema });
    return {
      events,
      snapshots,
      close: async () => {
        await snapshots.close();
        await events.close();
      },
    };
  }, 'pg');
});
