import { describeWithPostgres, dropTestSchemas, schemaCreationRace, testSchemaName, type SchemaCreationRace } from '@disputekit/adapters/testRun';
import { createPostgresReadSideStore } from './postgresReadSideStore';

/** The read-side store's first use on a schema another session creates at that moment (see `schemaCreationRace`). */
describeWithPostgres('the read-side store on a schema another session is creating at the same moment', (url) => {
  const schema = testSchemaName('race_rm');
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

  it('creates its tables and answers', async () => {
    const store = createPostgresReadSideStore({ connectionString: url, schema });
    try {
      const read = await race!.racing(schema, () => store.readCheckpoint({ projection: 'p', generation: 1 }));
      expect(read).toEqual({ _tag: 'Right', right: undefined });
    } finally {
      await store.close();
    }
  }, 60_000);
});
