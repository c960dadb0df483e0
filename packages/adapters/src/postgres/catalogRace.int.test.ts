import { describeWithPostgres, dropTestSchemas, schemaCreationRace, testSchemaName, type SchemaCreationRace } from '@disputekit/adapters/testRun';
import { createPostgresEventStore } from './postgresEventStore';

/**
 * A store's first use creates its schema with `CREATE SCHEMA IF NOT EXISTS`; when another session
 * creates the same schema at that moment (the event store and the read-side store of one
 * marketplace starting together), PostgreSQL fails the loser with a unique violation on
 * `pg_namespace`. Made deterministic by `schemaCreationRace`.
 */
describeWithPostgres('the event store on a schema another session is creating at the same moment', (url) => {
  const schema = testSchemaName('race_events');
  let race: SchemaCreationRace | undefined;
  beforeAll(async () => {
    race = await schemaCreationRace(url);
  });
  afterAll(async () => {
    try {
      await race?.close();
    } finally {
      await dropTestSchemas([schema], url);
    }
  });

  it('migrates and appends (migrate: true)', async () => {
    const store = createPostgresEventStore({ connectionString: url, schema, migrate: true });
    try {
      const event = { type: 'MessagePosted', data: {}, metadata: { eventId: '6f1c2a3e-0000-4000-8000-00000000000a', commandId: 'c-race', recordedAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 } };
      const appended = await race!.racing(schema, () => store.appendToStream('dispute-race', [event], { expectedVersion: 'no_stream' }));
      expect(appended).toMatchObject({ _tag: 'Right', right: { nextExpectedVersion: 1 } });
    } finally {
      await store.close();
    }
  }, 60_000);
});
