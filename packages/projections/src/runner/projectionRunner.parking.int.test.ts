import { Client } from 'pg';
import { createPostgresEventStore } from '@disputekit/adapters/postgres';
import { describeWithPostgres, dropTestSchemas, testSchemaName } from '@disputekit/adapters/testRun';
import { createPostgresReadSideStore } from '../stores/postgresReadSideStore';
import { expectParkingScenario, parkingScenario } from '../testing/parkingScenario';

describeWithPostgres('one hand-corrupted row on PostgreSQL', (postgresUrl) => {
  const eventsSchema = testSchemaName('ev_park');
  const readSchema = testSchemaName('rm_park');
  afterAll(() => dropTestSchemas([eventsSchema, readSchema], postgresUrl));

  it('parks its stream while projections, the scheduler and the refund processor go on for the rest', async () => {
    const events = createPostgresEventStore({ connectionString: postgresUrl, schema: eventsSchema, migrate: true });
    const operator = new Client({ connectionString: postgresUrl });
    await operator.connect();
    try {
      const seen = await parkingScenario(events, () => createPostgresReadSideStore({ connectionString: postgresUrl, schema: readSchema }), {
        async setData(streamId, version, data) {
          const { rows } = await operator.query(`SELECT data FROM "${eventsSchema}".events WHERE stream_id = $1 AND version = $2`, [streamId, version]);
          await operator.query(`UPDATE "${eventsSchema}".events SET data = $1 WHERE stream_id = $2 AND version = $3`, [data, streamId, version]);
          return (rows[0] as { data: string }).data;
        },
      });
      expectParkingScenario(seen);
    } finally {
      await operator.end();
      await events.close();
    }
  }, 60_000);
});
